import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.js';
import { signFlip } from '../../src/attacks/sign-flip.js';

import { Rng } from '../../src/core/rng.js';

/** Context for attacks that draw nothing. */
const ctx = { rng: Rng.root(0).stream(), worker: 0, step: 0 };

describe('sign-flip', () => {
  it('sends −10·g by default (the Zeno++ experiments)', () => {
    const honest = Float32Array.from([1, -2, 0.5]);
    const out = new Float32Array(3);
    signFlip().craft(honest, out, ctx);
    assert.deepEqual([...out], [-10, 20, -5]);
    assert.deepEqual(signFlip().acts, [{ on: 'vector' }]);
  });

  it('sends −scale·g for a given scale and never mutates the honest gradient', () => {
    const honest = Float32Array.from([4, 0, -1]);
    const out = new Float32Array(3);
    signFlip({ scale: 1 }).craft(honest, out, ctx);
    assert.deepEqual([...out], [-4, -0, 1]);
    assert.deepEqual([...honest], [4, 0, -1]);
  });

  it('rejects a non-positive or non-finite scale, naming the field', () => {
    assert.throws(() => signFlip({ scale: 0 }), (e) => e instanceof ConfigError && e.message === 'byzantine.attack.scale: expected a number > 0, got 0');
    assert.throws(() => signFlip({ scale: Infinity }), ConfigError);
  });

  it('throws on a length mismatch between honest and out', () => {
    assert.throws(() => signFlip().craft(new Float32Array(3), new Float32Array(2), ctx), RangeError);
  });
});
