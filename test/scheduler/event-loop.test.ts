import assert from 'node:assert/strict';
import { SimulationError } from '../../src/core/errors.js';
import { EventPriority } from '../../src/scheduler/event-priority.js';
import { EventLoop } from '../../src/scheduler/event-loop.js';

describe('EventLoop', () => {
  it('starts at time 0 with nothing pending', () => {
    const sim = new EventLoop();
    assert.equal(sim.now, 0);
    assert.equal(sim.pendingEvents, 0);
  });

  it('runs events with equal times in (priority, actor, seq) order', async () => {
    const sim = new EventLoop();
    const log: string[] = [];
    const at = (delay: number, priority: number, actor: number, name: string) =>
      sim.schedule({ delay, priority, actor, kind: name, run: () => log.push(`${sim.now}:${name}`) });
    at(4, EventPriority.pull, 0, 'pull-a0');
    at(4, EventPriority.arrival, 2, 'arrival-a2');
    at(4, EventPriority.validation, 0, 'validation-a0');
    at(4, EventPriority.arrival, 1, 'arrival-a1-first');
    at(4, EventPriority.arrival, 1, 'arrival-a1-second');
    at(2, EventPriority.pull + 1, 9, 'early');
    await sim.run();
    assert.deepEqual(log, ['2:early', '4:arrival-a1-first', '4:arrival-a1-second', '4:arrival-a2', '4:validation-a0', '4:pull-a0']);
  });

  it('lets handlers schedule more events, including at the current tick', async () => {
    const sim = new EventLoop();
    const log: Array<[number, string]> = [];
    sim.schedule({
      delay: 3, priority: 1, actor: 0, kind: 'parent',
      run: () => {
        log.push([sim.now, 'parent']);
        sim.schedule({ delay: 0, priority: 0, actor: 0, kind: 'same-tick', run: () => log.push([sim.now, 'same-tick']) });
        sim.schedule({ delay: 2, priority: 0, actor: 0, kind: 'later', run: () => log.push([sim.now, 'later']) });
      },
    });
    sim.schedule({ delay: 3, priority: 2, actor: 0, kind: 'sibling', run: () => log.push([sim.now, 'sibling']) });
    const result = await sim.run();
    // The same-tick child has a lower priority than the pending sibling, so it overtakes it.
    assert.deepEqual(log, [[3, 'parent'], [3, 'same-tick'], [3, 'sibling'], [5, 'later']]);
    assert.deepEqual(result, { reason: 'idle', eventsRun: 4 });
    assert.deepEqual(sim.stats, { eventsRun: 4, waits: 0, waitMs: 0 });
  });

  for (const bad of [-1, Number.NaN, 0.5, Infinity]) {
    it(`throws a RangeError naming the delay ${bad}`, () => {
      const sim = new EventLoop();
      assert.throws(
        () => sim.schedule({ delay: bad, priority: 0, actor: 0, kind: 'x', run: () => {} }),
        (e: unknown) => e instanceof RangeError && e.message.includes(String(bad)),
      );
      assert.equal(sim.pendingEvents, 0);
    });
  }

  it('rejects non-integer priorities and actors', () => {
    const sim = new EventLoop();
    assert.throws(() => sim.schedule({ delay: 0, priority: 0.5, actor: 0, kind: 'x', run: () => {} }), RangeError);
    assert.throws(() => sim.schedule({ delay: 0, priority: 0, actor: Number.NaN, kind: 'x', run: () => {} }), RangeError);
  });

  it('never runs a cancelled event, and cancelling twice or after running is a no-op', async () => {
    const sim = new EventLoop();
    const log: string[] = [];
    const a = sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'a', run: () => log.push('a') });
    const b = sim.schedule({ delay: 2, priority: 0, actor: 0, kind: 'b', run: () => log.push('b') });
    sim.schedule({ delay: 1, priority: 0, actor: 1, kind: 'c', run: () => log.push('c') });
    assert.equal(a.cancel(), true);
    assert.equal(a.cancel(), false);
    assert.equal(sim.pendingEvents, 2);
    await sim.run();
    assert.deepEqual(log, ['c', 'b']);
    assert.equal(b.cancel(), false);
    assert.equal(sim.pendingEvents, 0);
  });

  it('lets a handler cancel a later event of the same tick', async () => {
    const sim = new EventLoop();
    const log: string[] = [];
    const victim = sim.schedule({ delay: 1, priority: 1, actor: 0, kind: 'victim', run: () => log.push('victim') });
    sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'killer', run: () => (log.push('killer'), victim.cancel()) });
    await sim.run();
    assert.deepEqual(log, ['killer']);
  });

  it('stops at `until` (inclusive), moves the clock there and resumes later', async () => {
    const sim = new EventLoop();
    const log: number[] = [];
    for (const d of [1, 5, 6, 9]) sim.schedule({ delay: d, priority: 0, actor: 0, kind: 'e', run: () => log.push(sim.now) });
    assert.deepEqual(await sim.run({ until: 5 }), { reason: 'until', eventsRun: 2 });
    assert.equal(sim.now, 5);
    assert.deepEqual(log, [1, 5]);
    assert.deepEqual(await sim.run(), { reason: 'idle', eventsRun: 2 });
    assert.deepEqual(log, [1, 5, 6, 9]);
    assert.equal(sim.now, 9);
    await assert.rejects(sim.run({ until: 3 }), RangeError);
  });

  it('honours maxEvents and shouldStop', async () => {
    const sim = new EventLoop();
    let count = 0;
    for (let i = 0; i < 10; i++) sim.schedule({ delay: i, priority: 0, actor: 0, kind: 'e', run: () => count++ });
    assert.deepEqual(await sim.run({ maxEvents: 3 }), { reason: 'max-events', eventsRun: 3 });
    assert.deepEqual(await sim.run({ shouldStop: () => count >= 7 }), { reason: 'stopped', eventsRun: 4 });
    assert.equal(sim.now, 6);
    assert.equal(sim.pendingEvents, 3);
  });

  it('turns a throwing handler into a SimulationError that says where, and stays failed', async () => {
    const sim = new EventLoop();
    const boom = new Error('boom');
    sim.schedule({ delay: 7, priority: 0, actor: 3, kind: 'arrival', run: () => { throw boom; } });
    sim.schedule({ delay: 8, priority: 0, actor: 0, kind: 'after', run: () => assert.fail('must not run') });
    const check = (e: unknown) =>
      e instanceof SimulationError && e.cause === boom &&
      e.where.time === 7 && e.where.seq === 0 && e.where.actor === 3 && e.where.kind === 'arrival';
    await assert.rejects(sim.run(), check);
    await assert.rejects(sim.run(), check);
  });

  it('stops the run after a handler calls fail()', async () => {
    const sim = new EventLoop();
    const reason = new Error('stream errored');
    let after = false;
    sim.schedule({ delay: 2, priority: 0, actor: 4, kind: 'rx', run: () => sim.fail(reason) });
    sim.schedule({ delay: 2, priority: 0, actor: 5, kind: 'next', run: () => (after = true) });
    await assert.rejects(sim.run(), (e: unknown) => e instanceof SimulationError && e.cause === reason && e.where.actor === 4);
    assert.equal(after, false);
  });

  it('refuses to run re-entrantly', async () => {
    const sim = new EventLoop();
    let inner: Promise<unknown> | undefined;
    sim.schedule({ delay: 0, priority: 0, actor: 0, kind: 'x', run: () => { inner = sim.run(); } });
    await sim.run();
    await assert.rejects(inner!, /already active/);
  });
});
