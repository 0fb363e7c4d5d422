import assert from 'node:assert/strict';
import { Subject, map } from 'rxjs';
import { SimulationError } from '../../src/core/errors.js';
import { EventPriority } from '../../src/scheduler/event-priority.js';
import { deliverAfter, rxScheduler } from '../../src/scheduler/rx-scheduler.js';
import { EventLoop } from '../../src/scheduler/event-loop.js';

interface Msg {
  readonly id: string;
  readonly delay: number;
  readonly pending?: Promise<unknown>;
}

function later<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/**
 * Sends messages into a Subject from simulator events at the given send times and records what comes out of
 * `deliverAfter`, with virtual times.
 */
async function deliver(sends: Array<[sendAt: number, make: () => Msg]>, completeAt: number) {
  const sim = new EventLoop();
  const s = rxScheduler(sim, { priority: EventPriority.arrival, actor: 1, kind: 'push' });
  const input = new Subject<Msg>();
  const values: Array<[number, string]> = [];
  let completedAt: number | undefined;
  input
    .pipe(deliverAfter(s, (m) => m.delay, (m) => m.pending), map((m) => m.id))
    .subscribe({ next: (id) => values.push([sim.now, id]), complete: () => (completedAt = sim.now) });
  for (const [at, make] of sends) sim.schedule({ delay: at, priority: 0, actor: 0, kind: 'send', run: () => input.next(make()) });
  sim.schedule({ delay: completeAt, priority: 0, actor: 0, kind: 'complete', run: () => input.complete() });
  await sim.run();
  return { values, completedAt, sim };
}

describe('deliverAfter', () => {
  it('emits each value delayOf(v) ticks after it arrives and completes after the last emission', async () => {
    const { values, completedAt } = await deliver(
      [
        [0, () => ({ id: 'x', delay: 10 })],
        [2, () => ({ id: 'y', delay: 3 })],
        [4, () => ({ id: 'z', delay: 0 })],
      ],
      5,
    );
    assert.deepEqual(values, [[4, 'z'], [5, 'y'], [10, 'x']]);
    assert.equal(completedAt, 10);
  });

  for (const realMs of [[30, 15, 0], [0, 15, 30], [15, 0, 30]]) {
    it(`waits for pending results without changing virtual times (real delays ${realMs.join('/')} ms)`, async () => {
      const { values, completedAt, sim } = await deliver(
        [
          [0, () => ({ id: 'a', delay: 6, pending: later(realMs[0], 'ga') })],
          [1, () => ({ id: 'b', delay: 5, pending: later(realMs[1], 'gb') })],
          [1, () => ({ id: 'c', delay: 2, pending: later(realMs[2], 'gc') })],
        ],
        1,
      );
      // a and b both land at tick 6; a was scheduled first, so seq puts it first.
      assert.deepEqual(values, [[3, 'c'], [6, 'a'], [6, 'b']]);
      assert.equal(completedAt, 6);
      assert.equal(sim.now, 6);
    });
  }

  it('cancels scheduled emissions when unsubscribed', async () => {
    const sim = new EventLoop();
    const s = rxScheduler(sim, { priority: 0, actor: 0 });
    const input = new Subject<number>();
    const got: number[] = [];
    const subscription = input.pipe(deliverAfter(s, (v) => v)).subscribe((v) => got.push(v));
    input.next(3);
    input.next(8);
    sim.schedule({ delay: 5, priority: 0, actor: 0, kind: 'stop', run: () => subscription.unsubscribe() });
    await sim.run();
    assert.deepEqual(got, [3]);
    assert.equal(sim.pendingEvents, 0);
  });

  it('stops the run with a SimulationError when a pending result rejects', async () => {
    const failure = new Error('job failed');
    await assert.rejects(
      deliver([[2, () => ({ id: 'bad', delay: 4, pending: Promise.reject(failure) })]], 3),
      (e: unknown) => e instanceof SimulationError && e.cause === failure && e.where.time === 6 && e.where.kind === 'push',
    );
  });

  it('stops the run when delayOf gives a bad delay', async () => {
    await assert.rejects(
      deliver([[1, () => ({ id: 'bad', delay: -2 })]], 3),
      (e: unknown) => e instanceof SimulationError && e.cause instanceof RangeError && e.where.kind === 'send',
    );
  });
});
