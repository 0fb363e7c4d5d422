import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.js';
import { attacks, createAttack } from '../../src/attacks/registry.js';

import { Rng } from '../../src/core/rng.js';

/** Context for attacks that draw nothing. */
const ctx = { rng: Rng.root(0).stream(), worker: 0, step: 0 };

describe('attack registry', () => {
  it('lists every attack with strict schemas, summaries and citations', () => {
    assert.deepEqual(Object.keys(attacks).sort(), ['alie', 'bit-flip', 'delay', 'gaussian', 'huge', 'ipm', 'kardam-flood', 'label-flip', 'mimic', 'minmax', 'minsum', 'non-finite', 'none', 'omission', 'sign-flip', 'stale-replay', 'zeno++-aware', 'zero']);
    for (const entry of Object.values(attacks)) {
      assert.ok(entry.summary.length > 0 && entry.citation.length > 0);
      assert.equal(entry.params.safeParse({ surely_not_a_param: 1 }).success, false);
    }
  });

  it('builds attacks by name', () => {
    const out = new Float32Array(2);
    createAttack('sign-flip', { scale: 3 }).craft(Float32Array.from([1, 2]), out, ctx);
    assert.deepEqual([...out], [-3, -6]);
    const none = createAttack('none');
    none.craft(Float32Array.from([5, 6]), out, ctx);
    assert.deepEqual([...out], [5, 6]);
    assert.deepEqual(none.acts, [], 'none acts nowhere');
    const labelFlip = createAttack('label-flip');
    assert.deepEqual(labelFlip.acts, [{ on: 'data', labels: 'flip' }]);
    labelFlip.craft(Float32Array.from([7, 8]), out, ctx);
    assert.deepEqual([...out], [7, 8], 'label-flip sends the gradient computed on flipped labels unchanged');
    const round = [Float32Array.from([1, 2]), Float32Array.from([3, 4])];
    createAttack('ipm', { epsilon: 1 }).craft(round[0], out, { ...ctx, round });
    assert.deepEqual([...out], [-2, -3]);
    createAttack('alie', { z: 1 }).craft(round[0], out, { ...ctx, round });
    assert.deepEqual([...out], [1, 2]);
    createAttack('mimic', { target: 1 }).craft(round[0], out, { ...ctx, round });
    assert.deepEqual([...out], [3, 4]);
    const replay = createAttack('stale-replay', { lag: 1 });
    replay.craft(Float32Array.from([1, 2]), out, ctx);
    replay.craft(Float32Array.from([5, 6]), out, { ...ctx, step: 1 });
    assert.deepEqual([...out], [1, 2]);
    createAttack('zeno++-aware', { margin: 2, scale: 2 }).craft(Float32Array.from([1, 2]), out, ctx);
    assert.deepEqual([...out], [2, 4]);
  });

  it("builds alie with its defaults (m from the round's Byzantine count), and explains a bad (n, m) pair", () => {
    assert.equal(createAttack('alie').name, 'alie');
    assert.throws(() => createAttack('alie', { byzantine: 6, workers: 10 }), { message: /^byzantine\.attack\.byzantine: z = 'auto' needs/ });
  });

  it('names the field for bad parameters and lists known names for an unknown attack', () => {
    assert.throws(() => createAttack('sign-flip', { scale: -1 }), { name: 'ConfigError', message: 'byzantine.attack.scale: expected a number > 0, got -1' });
    assert.throws(() => createAttack('none', { scale: 2 }), { message: 'byzantine.attack.scale: unknown parameter (takes no parameters), got 2' });
    assert.throws(
      () => createAttack('signflip'),
      (e) => e instanceof ConfigError && e.message === 'byzantine.attack.name: unknown attack "signflip"; expected one of sign-flip, label-flip, none, gaussian, zero, non-finite, huge, bit-flip, ipm, alie, minmax, minsum, mimic, stale-replay, zeno++-aware, omission, delay, kardam-flood',
    );
  });
});
