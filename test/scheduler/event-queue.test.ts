import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { EventQueue } from '../../src/scheduler/event-queue.js';

/** Pops everything and returns the payloads in pop order. */
function drain<T>(q: EventQueue<T>): T[] {
  const out: T[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.payload);
  return out;
}

describe('EventQueue', () => {
  it('pops in (time, priority, actor, seq) order', () => {
    const q = new EventQueue<string>();
    q.push(5, 0, 0, 'late');
    q.push(1, 2, 0, 'p2');
    q.push(1, 1, 7, 'p1-a7');
    q.push(1, 1, 3, 'p1-a3-first');
    q.push(1, 1, 3, 'p1-a3-second');
    q.push(0, 9, 9, 'earliest');
    assert.deepEqual(drain(q), ['earliest', 'p1-a3-first', 'p1-a3-second', 'p1-a7', 'p2', 'late']);
  });

  it('matches a full sort on many random keys', () => {
    const s = Rng.root(7).stream();
    const q = new EventQueue<number>();
    const keys: Array<[number, number, number, number]> = [];
    for (let i = 0; i < 2000; i++) {
      const k: [number, number, number, number] = [s.int(0, 50), s.int(0, 3), s.int(0, 5), i];
      keys.push(k);
      q.push(k[0], k[1], k[2], i);
    }
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    assert.deepEqual(drain(q), keys.map((k) => k[3]));
  });

  it('skips cancelled entries and counts only live ones', () => {
    const q = new EventQueue<string>();
    const a = q.push(1, 0, 0, 'a');
    q.push(2, 0, 0, 'b');
    const c = q.push(3, 0, 0, 'c');
    assert.equal(q.cancel(a), true);
    assert.equal(q.cancel(a), false, 'cancelling twice is a no-op');
    assert.equal(q.size, 2);
    assert.equal(q.peek()?.payload, 'b');
    assert.deepEqual(drain(q), ['b', 'c']);
    assert.equal(q.cancel(c), false, 'cancelling a popped entry is a no-op');
    assert.equal(q.size, 0);
  });

  it('keeps its order when mass cancellation triggers a rebuild', () => {
    const q = new EventQueue<number>();
    const entries = Array.from({ length: 5000 }, (_, i) => q.push(5000 - i, 0, 0, 5000 - i));
    for (const e of entries) if (e.payload % 3 !== 0) q.cancel(e);
    const expected = entries.map((e) => e.payload).filter((p) => p % 3 === 0).sort((a, b) => a - b);
    assert.equal(q.size, expected.length);
    assert.deepEqual(drain(q), expected);
  });
});
