import assert from 'node:assert/strict';
import { mimic } from '../../src/attacks/mimic.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('mimic', () => {
  const round = [Float32Array.from([1, 2]), Float32Array.from([3, 4]), Float32Array.from([5, 6])];

  it('copies the honest gradient of round worker target (default 0)', () => {
    assert.deepEqual([...craftChecked(mimic(), round[2], ctxAt(0, 0, round))], [1, 2]);
    assert.deepEqual([...craftChecked(mimic({ target: 1 }), round[2], ctxAt(0, 0, round))], [3, 4]);
  });

  it('sends its own gradient in async mode', () => {
    assert.deepEqual([...craftChecked(mimic({ target: 1 }), Float32Array.from([7, 8]), ctxAt(0, 0))], [7, 8]);
  });

  it('is deterministic; rejects a target outside the round, a negative target and length mismatches', () => {
    assert.deepEqual(craftChecked(mimic(), round[1], ctxAt(0, 0, round)), craftChecked(mimic(), round[1], ctxAt(0, 5, round)));
    assert.throws(() => mimic({ target: 3 }).craft(round[0], new Float32Array(2), ctxAt(0, 0, round)), {
      name: 'ConfigError',
      message: 'byzantine.attack.target: expected an integer < n (n = 3), got 3',
    });
    assert.throws(() => mimic({ target: -1 }), { name: 'ConfigError' });
    assert.throws(() => mimic().craft(round[0], new Float32Array(2), ctxAt(0, 0, [new Float32Array(3)])), RangeError);
  });
});
