import assert from 'node:assert/strict';
import { cellEta, queueProgress } from '../../src/cli/queue-progress.js';
import type { QueueProgress } from '../../src/distributed/coordinator.js';

describe('distributed sweep progress', () => {
  it("estimates the time left from the cells this run finished, '?' before the first", () => {
    let t = 0;
    const eta = cellEta(() => t);
    assert.equal(eta({ done: 2, total: 12 }), '?'); // two cells were already on disk
    t = 5_000;
    assert.equal(eta({ done: 2, total: 12 }), '?');
    t = 10_000;
    assert.equal(eta({ done: 4, total: 12 }), '40s'); // 2 cells in 10 s, 8 left
    t = 60_000;
    assert.equal(eta({ done: 12, total: 12 }), '0s');
  });

  it('prints a line when a count changes (not for the running count alone), says when no worker is connected, and notes on lines of their own', () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = false;
    process.stderr.write = ((text: string) => (lines.push(text), true)) as typeof process.stderr.write;
    try {
      const progress = queueProgress('grid');
      const p: QueueProgress = { done: 0, total: 4, running: 0, failed: 0, workersSeen: [], workersConnected: 0 };
      progress.update(p);
      progress.update({ ...p, workersSeen: ['a:1'], workersConnected: 1 });
      progress.update({ ...p, workersSeen: ['a:1'], workersConnected: 1, running: 1 });
      progress.note('cell seed=1 failed: boom');
      progress.update({ ...p, workersSeen: ['a:1'], workersConnected: 1, done: 1, failed: 1 });
      progress.stop();
    } finally {
      process.stderr.write = write;
      process.stderr.isTTY = tty;
    }
    assert.deepEqual(lines, [
      'grid: 0/4 cells done, 0 running, 0 failed, 0 workers seen (0 connected); no worker connected: start one with byzsim worker --queue <url>\n',
      'grid: 0/4 cells done, 0 running, 0 failed, 1 workers seen (1 connected)\n',
      'cell seed=1 failed: boom\n',
      'grid: 1/4 cells done, 0 running, 1 failed, 1 workers seen (1 connected)\n',
    ]);
  });
});
