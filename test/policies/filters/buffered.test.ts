import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { buffered } from '../../../src/policies/filters/buffered.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';
import { simulate } from '../../../src/experiments/simulate.js';

const ctx: ArrivalContext = { validation: undefined, lr: 0.1, initialLr: 0.1, staleness: 0, worker: 0, baseParams: new Float32Array(2), currentParams: new Float32Array(2) };
const f32 = (...xs: number[]) => Float32Array.from(xs);

describe('buffered', () => {
  it('defers until B arrivals, then applies the aggregate of the buffer (median of 3 here)', () => {
    const filter = buffered({ size: 3, aggregator: { name: 'median' } });
    const out = f32(7, 7);
    const inputs = [f32(1, 10), f32(2, -5), f32(100, 0)];
    const first = filter.decide(inputs[0], ctx, out);
    assert.deepEqual([first.accepted, first.deferred], [true, true]);
    assert.deepEqual([...out], [7, 7], 'out untouched while deferring');
    filter.decide(inputs[1], ctx, out);
    const last = filter.decide(inputs[2], ctx, out);
    assert.equal(last.accepted, true);
    assert.equal(last.deferred, undefined);
    assert.deepEqual([...out], [2, 0]);
    assert.deepEqual([...inputs[2]], [100, 0], 'inputs never mutated');
  });

  it('dampens each buffered vector by its own staleness when asked', () => {
    const filter = buffered({ size: 2, dampening: 'inverse' });
    const out = new Float32Array(2);
    filter.decide(f32(4, 4), { ...ctx, staleness: 1 }, out); // enters as (2, 2)
    filter.decide(f32(4, 0), { ...ctx, staleness: 3 }, out); // enters as (1, 0)
    assert.deepEqual([...out], [1.5, 1]); // mean
  });

  it('defaults B to the number of workers and checks the aggregator precondition on B vectors', () => {
    assert.throws(() => buffered({ aggregator: { name: 'krum', f: 2 } }, { workers: 6 }), (e: unknown) => e instanceof ConfigError && /^policy\.aggregator\.f: expected n > 2f \+ 2 \(n = 6\)/.test(e.message));
    assert.throws(() => buffered({ aggregator: { name: 'krum', fx: 2 } }, { workers: 6 }), /policy\.aggregator\.fx: unknown parameter/);
  });

  it('lets a robust rule run asynchronously: buffered median survives sign-flip ×10 where async SGD does not', async function () {
    this.timeout(60_000);
    const base = {
      task: { name: 'linreg', features: 4, samples: 1000, validationSize: 50, testSize: 50 },
      workers: 9,
      byzantine: { count: 3, attack: { name: 'sign-flip', scale: 10 } },
      optimizer: { lr: 0.05, batchSize: 16 },
      timing: { model: 'bounded', maxDelay: 2 },
      steps: 2700,
      evalEvery: 100,
      seed: 2,
    } as const;
    const robust = await simulate({ ...base, policy: { name: 'buffered', aggregator: { name: 'median' } } }, { threads: 0 });
    const plain = await simulate({ ...base, policy: { name: 'async-sgd' } }, { threads: 0 });
    const loss = (r: typeof robust) => r.evaluations[r.evaluations.length - 1].loss;
    assert.ok(loss(robust) < 0.05, `buffered median final loss ${loss(robust)}`);
    assert.ok(!(loss(plain) < 1), `async-sgd final loss ${loss(plain)}`);
  });
});
