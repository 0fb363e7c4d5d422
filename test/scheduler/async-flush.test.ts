import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimulationError } from '../../src/core/errors.js';
import { EventLoop } from '../../src/scheduler/event-loop.js';

/** A promise that resolves with `value` after `ms` of real time (tests only: the simulator never uses timers). */
function later<T>(ms: number, value: T, onResolve?: () => void): Promise<T> {
  return new Promise((resolve) => setTimeout(() => (onResolve?.(), resolve(value)), ms));
}

interface Observation {
  readonly log: string[];
  /** For each pending result, what the simulation looked like when it resolved in real time. */
  readonly atResolve: Map<string, { now: number; ran: string[] }>;
  readonly waits: number;
}

/**
 * Three events carry pending results that resolve after the given real delays; a plain event sits between
 * them, and the first handler schedules a child. The virtual outcome must not depend on the real delays.
 */
async function scenario(realMs: { a: number; b: number; c: number }): Promise<Observation> {
  const sim = new EventLoop();
  const log: string[] = [];
  const atResolve: Observation['atResolve'] = new Map();
  const pending = (name: keyof typeof realMs, value: number) =>
    later(realMs[name], value, () => atResolve.set(name, { now: sim.now, ran: [...log] }));
  const record = (name: string) => (value: unknown) => log.push(`${sim.now}:${name}=${String(value)}`);
  sim.schedule({
    delay: 5, priority: 0, actor: 2, kind: 'a', pending: pending('a', 1),
    run: (v) => {
      record('a')(v);
      sim.schedule({ delay: 3, priority: 0, actor: 0, kind: 'a-child', run: record('a-child') });
    },
  });
  sim.schedule({ delay: 5, priority: 0, actor: 1, kind: 'b', pending: pending('b', 2), run: record('b') });
  sim.schedule({ delay: 8, priority: 1, actor: 0, kind: 'plain', run: record('plain') });
  sim.schedule({ delay: 12, priority: 0, actor: 0, kind: 'c', pending: pending('c', 3), run: record('c') });
  await sim.run();
  return { log, atResolve, waits: sim.stats.waits };
}

const expectedLog = ['5:b=2', '5:a=1', '8:a-child=undefined', '8:plain=undefined', '12:c=3'];

describe('the async flush', () => {
  const orders = [
    { a: 0, b: 10, c: 20 },
    { a: 20, b: 10, c: 0 },
    { a: 10, b: 20, c: 0 },
    { a: 0, b: 0, c: 0 },
  ];
  for (const realMs of orders) {
    it(`gives the same virtual order and times when results resolve after ${JSON.stringify(realMs)} ms`, async () => {
      const { log, atResolve } = await scenario(realMs);
      assert.deepEqual(log, expectedLog);
      // No event ran before its own pending result was ready, and neither did anything ordered after it.
      for (const [name, { ran }] of atResolve) {
        const own = expectedLog.findIndex((l) => l.includes(`:${name}=`));
        assert.deepEqual(ran, expectedLog.slice(0, ran.length));
        assert.ok(ran.length <= own, `${name} resolved after ${ran.length} events, but it is event ${own}`);
      }
    });
  }

  it('freezes the virtual clock while it waits on the head event', async () => {
    const sim = new EventLoop();
    const log: number[] = [];
    sim.schedule({ delay: 3, priority: 0, actor: 0, kind: 'first', run: () => log.push(sim.now) });
    sim.schedule({ delay: 5, priority: 0, actor: 0, kind: 'slow', pending: later(200, 'x'), run: () => log.push(sim.now) });
    sim.schedule({ delay: 6, priority: 0, actor: 0, kind: 'ready', pending: Promise.resolve('y'), run: () => log.push(sim.now) });
    const samples: Array<{ now: number; ran: number; pending: number }> = [];
    const sampler = setInterval(() => samples.push({ now: sim.now, ran: log.length, pending: sim.pendingEvents }), 5);
    try {
      await sim.run();
    } finally {
      clearInterval(sampler);
    }
    assert.deepEqual(log, [3, 5, 6]);
    assert.ok(samples.length >= 3, 'the sampler ran while the flush waited');
    for (const s of samples) assert.deepEqual(s, { now: 3, ran: 1, pending: 2 });
    assert.equal(sim.stats.waits, 1, 'only the slow result made the flush wait');
  });

  it('measures its waits with the stopwatch the caller supplies, and only the waits', async () => {
    const sim = new EventLoop();
    let fakeMs = 0;
    // The handlers advance the fake clock too: that time must not count as waiting.
    sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'work', run: () => (fakeMs += 100) });
    sim.schedule({ delay: 2, priority: 0, actor: 0, kind: 'job', pending: later(5, 0, () => (fakeMs += 7)), run: () => (fakeMs += 100) });
    await sim.run({ stopwatch: () => fakeMs });
    assert.equal(sim.stats.waits, 1);
    assert.equal(sim.stats.waitMs, 7);
  });

  it('passes the settled value to the handler', async () => {
    const sim = new EventLoop();
    let got: unknown;
    sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'x', pending: later(5, { loss: 0.25 }), run: (v) => (got = v) });
    await sim.run();
    assert.deepEqual(got, { loss: 0.25 });
  });

  it('surfaces a rejected pending result as a SimulationError with the rejection as cause', async () => {
    const sim = new EventLoop();
    const oops = new Error('worker thread died');
    const ran: string[] = [];
    sim.schedule({ delay: 2, priority: 0, actor: 0, kind: 'before', run: () => ran.push('before') });
    sim.schedule({
      delay: 4, priority: 0, actor: 6, kind: 'arrival',
      pending: new Promise((_, reject) => setTimeout(() => reject(oops), 5)),
      run: () => ran.push('arrival'),
    });
    sim.schedule({ delay: 9, priority: 0, actor: 0, kind: 'after', run: () => ran.push('after') });
    await assert.rejects(sim.run(), (e: unknown) => {
      assert.ok(e instanceof SimulationError);
      assert.equal(e.cause, oops);
      assert.deepEqual(e.where, { time: 4, seq: 1, actor: 6, kind: 'arrival' });
      return true;
    });
    assert.deepEqual(ran, ['before']);
    assert.equal(sim.now, 4);
  });

  it('reports an early rejection only when its event is due, and never for a cancelled event', async () => {
    const sim = new EventLoop();
    const ran: number[] = [];
    const cancelled = sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'gone', pending: Promise.reject(new Error('ignored')), run: () => {} });
    cancelled.cancel();
    sim.schedule({ delay: 3, priority: 0, actor: 0, kind: 'ok', run: () => ran.push(sim.now) });
    sim.schedule({ delay: 7, priority: 0, actor: 0, kind: 'bad', pending: Promise.reject(new Error('late')), run: () => {} });
    await sleep(5); // both rejections have happened; no unhandled-rejection report may follow
    await assert.rejects(sim.run(), (e: unknown) => e instanceof SimulationError && e.where.kind === 'bad');
    assert.deepEqual(ran, [3]);
  });

  it('fails loudly when something outside the event loop schedules while it waits', async () => {
    const sim = new EventLoop();
    let outsideError: unknown;
    sim.schedule({ delay: 1, priority: 0, actor: 0, kind: 'slow', pending: later(20, 0), run: () => {} });
    setTimeout(() => {
      try {
        sim.schedule({ delay: 0, priority: 0, actor: 0, kind: 'rogue', run: () => {} });
      } catch (e) {
        outsideError = e;
      }
    }, 5);
    await assert.rejects(sim.run(), (e: unknown) => e instanceof SimulationError && e.cause === outsideError);
    assert.match(String(outsideError), /while the flush waits/);
  });
});
