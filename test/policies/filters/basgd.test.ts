import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { basgd } from '../../../src/policies/filters/basgd.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);
const from = (worker: number): ArrivalContext => ({ validation: undefined, lr: 0.1, initialLr: 0.1, staleness: 0, worker, baseParams: f32(0), currentParams: f32(0) });

describe('basgd', () => {
  it('fills buffer w mod B with running averages and steps once every buffer holds a vector', () => {
    const filter = basgd({ buffers: 2, aggregator: { name: 'mean' } }, { workers: 4 });
    const out = f32(9);
    const a = filter.decide(f32(1), from(0), out); // buffer 0: 1
    const b = filter.decide(f32(3), from(2), out); // buffer 0: (1 + 3)/2 = 2
    assert.deepEqual([a.deferred, b.deferred, out[0]], [true, true, 9]);
    const c = filter.decide(f32(10), from(1), out); // buffer 1: 10 → mean(2, 10) = 6
    assert.deepEqual([c.accepted, c.deferred, out[0]], [true, undefined, 6]);
    // All buffers were emptied: the next arrival starts a new set.
    assert.equal(filter.decide(f32(5), from(3), out).deferred, true);
  });

  it('takes the staleness dampening of every async rule: a vector enters its buffer as Λ(τ)·g', () => {
    const filter = basgd({ buffers: 2, aggregator: { name: 'mean' }, dampening: 'staleness-aware' }, { workers: 2 });
    const out = f32(9);
    const stale = (worker: number, staleness: number): ArrivalContext => ({ ...from(worker), staleness });
    filter.decide(f32(8), stale(0, 4), out); // buffer 0: 8/4 = 2
    filter.decide(f32(6), stale(0, 1), out); // buffer 0: (2 + 6/1)/2 = 4
    filter.decide(f32(12), stale(1, 3), out); // buffer 1: 12/3 = 4 → mean(4, 4)
    assert.equal(out[0], 4);
    const plain = basgd({ buffers: 2, aggregator: { name: 'mean' } }, { workers: 2 });
    plain.decide(f32(8), stale(0, 4), out);
    plain.decide(f32(6), stale(0, 1), out);
    plain.decide(f32(12), stale(1, 3), out); // mean((8 + 6)/2, 12) = 9.5
    assert.equal(out[0], 9.5);
  });

  it('bounds what one Byzantine worker can do, however often it sends (median of 3 buffers)', () => {
    const filter = basgd({ buffers: 3 }, { workers: 3 });
    const out = f32(0);
    for (let k = 0; k < 50; k++) filter.decide(f32(1e30), from(2), out); // worker 2 floods buffer 2
    filter.decide(f32(1), from(0), out);
    const last = filter.decide(f32(2), from(1), out);
    assert.equal(last.accepted, true);
    assert.equal(out[0], 2); // median(1, 2, 1e30)
  });

  it('never stalls on a buffer whose sender sends only non-finite vectors or nothing (it counts as known Byzantine)', () => {
    const filter = basgd({ buffers: 3 }, { workers: 3 });
    const out = f32(0);
    filter.decide(f32(1), from(0), out);
    filter.decide(f32(2), from(1), out);
    const screened = filter.decide(f32(Number.NaN), from(2), out);
    assert.deepEqual([screened.accepted, screened.reason, screened.serverStep, out[0]], [false, 'non-finite', true, 1.5]);
    // The mark lasts until the step: the next set needs buffer 2 again (or its silence).
    assert.equal(filter.decide(f32(3), from(0), out).deferred, true);
    assert.equal(filter.omitted!(from(2), out).serverStep, undefined);
    const last = filter.decide(f32(5), from(1), out);
    assert.deepEqual([last.accepted, out[0]], [true, 4]);
  });

  it('defaults B to half the workers and checks the rule on B vectors', () => {
    assert.throws(() => basgd({ aggregator: { name: 'krum', f: 1 } }, { workers: 6 }), (e: unknown) => e instanceof ConfigError && /policy\.aggregator\.f: expected n > 2f \+ 2 \(n = 3\)/.test(e.message));
    assert.throws(() => basgd({ buffers: 7 }, { workers: 6 }), /policy\.buffers: expected at most workers \(6\)/);
  });
});
