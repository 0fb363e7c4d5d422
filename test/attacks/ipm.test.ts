import assert from 'node:assert/strict';
import { ipm } from '../../src/attacks/ipm.js';
import { referenceVectors } from '../fixtures/reference.js';
import { assertClose, craftChecked, ctxAt } from './helpers.js';

describe('ipm', () => {
  it('takes the mean over the non-Byzantine workers only: 4 honest [1, 0] and 2 Byzantine [100, 0], ε = 1 → [−1, 0]', () => {
    const r = [...Array.from({ length: 4 }, () => Float32Array.of(1, 0)), Float32Array.of(100, 0), Float32Array.of(100, 0)];
    const ctx = { ...ctxAt(0, 0, r, 4), roundByzantine: [false, false, false, false, true, true] };
    assert.deepEqual([...craftChecked(ipm({ epsilon: 1 }), r[4], ctx)], [-1, -0]); // over all six: −34
    // Every entry Byzantine: nothing better to estimate from, so every entry is used.
    assert.deepEqual([...craftChecked(ipm({ epsilon: 1 }), r[4], { ...ctx, roundByzantine: r.map(() => true) })], [-34, -0]);
  });

  it('sends −ε · mean of every ctx.round entry (hand case, ε = 0.5)', () => {
    const round = [Float32Array.from([1, 2]), Float32Array.from([3, -2]), Float32Array.from([2, 6])];
    assert.deepEqual([...craftChecked(ipm({ epsilon: 0.5 }), round[0], ctxAt(0, 0, round))], [-1, -1]);
  });

  it('matches the reference ipm_eps0.1: −0.1 × the mean of rows 0..4, 6 of X', () => {
    const X = referenceVectors.input.X as number[][];
    const round = [0, 1, 2, 3, 4, 6].map((i) => Float32Array.from(X[i]));
    const out = craftChecked(ipm(), Float32Array.from(X[5]), ctxAt(0, 0, round));
    assertClose(out, referenceVectors['ipm_eps0.1'] as number[], 1e-6);
  });

  it('falls back to −ε·g_own in async mode (no round)', () => {
    assert.deepEqual([...craftChecked(ipm({ epsilon: 2 }), Float32Array.from([1, -3]), ctxAt(0, 0))], [-2, 6]);
  });

  it('is deterministic, checks lengths (out and round) and rejects ε ≤ 0', () => {
    const round = [Float32Array.from([1, 2]), Float32Array.from([3, 4])];
    assert.deepEqual(craftChecked(ipm(), round[0], ctxAt(0, 0, round)), craftChecked(ipm(), round[0], ctxAt(0, 1, round)));
    assert.throws(() => ipm().craft(round[0], new Float32Array(3), ctxAt(0, 0, round)), RangeError);
    assert.throws(() => ipm().craft(round[0], new Float32Array(2), ctxAt(0, 0, [round[0], new Float32Array(3)])), RangeError);
    assert.throws(() => ipm({ epsilon: 0 }), { message: 'byzantine.attack.epsilon: expected a number > 0, got 0' });
  });
});
