import assert from 'node:assert/strict';
import { delay, interval, map, merge, of, take, timer, type Observable } from 'rxjs';
import { EventPriority } from '../../src/scheduler/event-priority.js';
import { rxScheduler } from '../../src/scheduler/rx-scheduler.js';
import { EventLoop } from '../../src/scheduler/event-loop.js';

/** Subscribes and records [virtual time, value] pairs, plus the virtual time of completion. */
function record<T>(sim: EventLoop, source: Observable<T>) {
  const out = { values: [] as Array<[number, T]>, completedAt: undefined as number | undefined };
  const subscription = source.subscribe({
    next: (v) => out.values.push([sim.now, v]),
    complete: () => (out.completedAt = sim.now),
  });
  return { out, subscription };
}

describe('rxScheduler', () => {
  it('reports virtual time as now()', async () => {
    const sim = new EventLoop();
    const s = rxScheduler(sim, { priority: 0, actor: 0 });
    const seen: number[] = [];
    sim.schedule({ delay: 42, priority: 0, actor: 0, kind: 'probe', run: () => seen.push(s.now()) });
    await sim.run();
    assert.deepEqual(seen, [42]);
  });

  it('timer(5, s) emits 0 at tick 5 and completes', async () => {
    const sim = new EventLoop();
    const { out } = record(sim, timer(5, rxScheduler(sim, { priority: 0, actor: 0 })));
    await sim.run();
    assert.deepEqual(out, { values: [[5, 0]], completedAt: 5 });
  });

  it('of(...).pipe(delay(10, s)) emits everything at tick 10 in source order', async () => {
    const sim = new EventLoop();
    const s = rxScheduler(sim, { priority: 0, actor: 0 });
    const { out } = record(sim, of('a', 'b', 'c').pipe(delay(10, s)));
    await sim.run();
    assert.deepEqual(out, { values: [[10, 'a'], [10, 'b'], [10, 'c']], completedAt: 10 });
  });

  it('interval(3, s).pipe(take(4)) emits at 3, 6, 9, 12 and leaves no event behind', async () => {
    const sim = new EventLoop();
    const { out } = record(sim, interval(3, rxScheduler(sim, { priority: 0, actor: 0 })).pipe(take(4)));
    await sim.run();
    assert.deepEqual(out, { values: [[3, 0], [6, 1], [9, 2], [12, 3]], completedAt: 12 });
    assert.equal(sim.pendingEvents, 0);
  });

  it('timer with a period reschedules the same action', async () => {
    const sim = new EventLoop();
    const { out } = record(sim, timer(2, 5, rxScheduler(sim, { priority: 0, actor: 0 })).pipe(take(3)));
    await sim.run();
    assert.deepEqual(out.values, [[2, 0], [7, 1], [12, 2]]);
  });

  it('merges two actors’ streams in (time, priority, actor) order, whatever the subscription order', async () => {
    const sim = new EventLoop();
    const a = rxScheduler(sim, { priority: EventPriority.arrival, actor: 2, kind: 'a' });
    const b = rxScheduler(sim, { priority: EventPriority.arrival, actor: 1, kind: 'b' });
    const validator = rxScheduler(sim, { priority: EventPriority.validation, actor: 0, kind: 'v' });
    const { out } = record(
      sim,
      merge(
        interval(2, a).pipe(take(3), map((i) => `A${i}`)),
        interval(3, b).pipe(take(2), map((i) => `B${i}`)),
        timer(6, validator).pipe(map(() => 'V')),
      ),
    );
    await sim.run();
    assert.deepEqual(out, {
      values: [[2, 'A0'], [3, 'B0'], [4, 'A1'], [6, 'B1'], [6, 'A2'], [6, 'V']],
      completedAt: 6,
    });
  });

  it('cancels the pending event on unsubscribe', async () => {
    const sim = new EventLoop();
    const { out, subscription } = record(sim, interval(4, rxScheduler(sim, { priority: 0, actor: 0 })));
    sim.schedule({ delay: 9, priority: 0, actor: 0, kind: 'stop', run: () => subscription.unsubscribe() });
    await sim.run();
    assert.deepEqual(out.values, [[4, 0], [8, 1]]);
    assert.equal(sim.pendingEvents, 0);
    assert.equal(sim.now, 9);
  });

  it('rejects a fractional delay with a RangeError', () => {
    const sim = new EventLoop();
    const s = rxScheduler(sim, { priority: 0, actor: 0 });
    assert.throws(() => s.schedule(() => {}, 2.5), RangeError);
    assert.throws(() => s.schedule(() => {}, -1), RangeError);
  });
});
