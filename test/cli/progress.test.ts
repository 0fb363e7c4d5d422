import assert from 'node:assert/strict';
import { progressLines } from '../../src/cli/progress.js';

describe('progress lines without a terminal', () => {
  it('measure the ETA from the first work done, not from before start-up (a sweep reports finished cells first)', () => {
    let t = 0;
    const lines: string[] = [];
    const p = progressLines('sweep', 'arrivals', () => t, (l) => lines.push(l));
    p.update(1000, 2000); // finished cells, before the pools start
    t = 3000;
    p.update(1001, 2000); // start-up took 3 s: the first arrival of the remaining cells
    assert.deepEqual(lines, []);
    t = 4000;
    p.update(1101, 2000); // 100 arrivals per second from here
    assert.deepEqual(lines, ['sweep: 1101/2000 arrivals (55%), 4s elapsed, ETA 9s\n']);
    t = 4500;
    p.update(1151, 2000); // less than the interval since the last line
    t = 9000;
    p.update(1601, 2000);
    assert.equal(lines.length, 2);
    assert.equal(lines[1], 'sweep: 1601/2000 arrivals (80%), 9s elapsed, ETA 4s\n');
  });
});
