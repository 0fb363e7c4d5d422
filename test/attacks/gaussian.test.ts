import assert from 'node:assert/strict';
import { gaussian } from '../../src/attacks/gaussian.js';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('gaussian', () => {
  it('sends μ + σ·ξ with ξ the ctx.rng normal draws, ignoring the honest gradient', () => {
    const honest = Float32Array.from([1e6, -1e6, 0]);
    const out = craftChecked(gaussian({ mu: 1, sigma: 2 }), honest, ctxAt(7, 3));
    const rng = Rng.root(7).fork('attack', 0).stream(3);
    assert.deepEqual([...out], [0, 1, 2].map(() => Math.fround(1 + 2 * rng.normal())));
  });

  it('defaults to N(0, 200²): sample mean ≈ 0 and sample std ≈ 200 over 20 000 coordinates', () => {
    const out = craftChecked(gaussian(), new Float32Array(20000), ctxAt(1, 0));
    let s = 0, ss = 0;
    for (const x of out) {
      s += x;
      ss += x * x;
    }
    const mean = s / out.length;
    assert.ok(Math.abs(mean) < 5, `mean ${mean}`);
    assert.ok(Math.abs(Math.sqrt(ss / out.length - mean * mean) - 200) < 5);
  });

  it('is deterministic under the seed and differs across steps', () => {
    const g = gaussian();
    const honest = new Float32Array(8);
    assert.deepEqual(craftChecked(g, honest, ctxAt(5, 2)), craftChecked(g, honest, ctxAt(5, 2)));
    assert.notDeepEqual(craftChecked(g, honest, ctxAt(5, 2)), craftChecked(g, honest, ctxAt(5, 3)));
  });

  it('rejects a negative σ and unknown parameters; checks lengths', () => {
    assert.throws(() => gaussian({ sigma: -1 }), { name: 'ConfigError', message: 'byzantine.attack.sigma: expected a number >= 0, got -1' });
    assert.throws(() => gaussian({ std: 1 } as never), ConfigError);
    assert.throws(() => gaussian().craft(new Float32Array(2), new Float32Array(3), ctxAt(0, 0)), RangeError);
  });
});
