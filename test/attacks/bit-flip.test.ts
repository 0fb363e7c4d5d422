import assert from 'node:assert/strict';
import { bitFlip } from '../../src/attacks/bit-flip.js';
import { craftChecked, ctxAt } from './helpers.js';

/** The float32 whose bits are `u`. */
const fromBits = (u: number) => new Float32Array(new Uint32Array([u]).buffer)[0];

describe('bit-flip', () => {
  it('XORs bits 22, 29, 30, 31 of the first coordinates by default (1.0 = 0x3f800000 → 0xdfc00000 ≈ −2.8e19)', () => {
    const out = craftChecked(bitFlip(), Float32Array.from([1, 0, -2]), ctxAt(0, 0));
    const mask = (1 << 22) | (1 << 29) | (1 << 30) | (1 << 31);
    assert.deepEqual([...out], [fromBits((0x3f800000 ^ mask) >>> 0), fromBits(mask >>> 0), fromBits((0xc0000000 ^ mask) >>> 0)]);
    assert.equal(out[0], fromBits(0xdfc00000));
    assert.ok(out[0] < -2.7e19);
    assert.equal(out[2], fromBits(0x20400000), '−2 (0xc0000000) becomes +1.6e−19');
  });

  it("with source 'shared' every Byzantine worker sends the first Byzantine worker's gradient, flipped (the Zeno authors' older code)", () => {
    const round = [Float32Array.of(5, 5), Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(7, 7)];
    const ctx = (worker: number) => ({ ...ctxAt(0, 0, round, worker), roundByzantine: [false, true, true, false] });
    const a = craftChecked(bitFlip({ bits: [31], source: 'shared' }), round[1], ctx(1));
    const b = craftChecked(bitFlip({ bits: [31], source: 'shared' }), round[2], ctx(2));
    assert.deepEqual([...a], [-1, -2]);
    assert.deepEqual([...b], [-1, -2]);
    assert.deepEqual([...craftChecked(bitFlip({ bits: [31] }), round[2], ctx(2))], [-3, -4], "'own' (default) flips each worker's own");
    assert.deepEqual([...craftChecked(bitFlip({ bits: [31], source: 'shared' }), round[2], ctxAt(0, 0))], [-3, -4], 'no round: own');
  });

  it('copies the coordinates past count', () => {
    const out = craftChecked(bitFlip({ bits: [31], count: 2 }), Float32Array.from([1, 2, 3, 4]), ctxAt(0, 0));
    assert.deepEqual([...out], [-1, -2, 3, 4]);
  });

  it('can produce NaN, ±Infinity and huge values', () => {
    // Flipping exponent bit 30 of a value with exponent 0x7f−1 (0.5..1) gives exponent 0xfe (huge); 0x3f800000 → 0x7f800000 = +∞.
    assert.equal(craftChecked(bitFlip({ bits: [30] }), Float32Array.from([1]), ctxAt(0, 0))[0], Infinity);
    assert.ok(Number.isNaN(craftChecked(bitFlip({ bits: [30] }), Float32Array.from([1.5]), ctxAt(0, 0))[0]));
    assert.ok(craftChecked(bitFlip({ bits: [30] }), Float32Array.from([0.75]), ctxAt(0, 0))[0] > 1e38);
  });

  it('is deterministic, checks lengths and rejects bit positions outside 0..31', () => {
    const g = Float32Array.from([0.1, -0.2, 0.3]);
    assert.deepEqual(craftChecked(bitFlip(), g, ctxAt(0, 0)), craftChecked(bitFlip(), g, ctxAt(0, 1)));
    assert.throws(() => bitFlip().craft(g, new Float32Array(2), ctxAt(0, 0)), RangeError);
    assert.throws(() => bitFlip({ bits: [32] }), { message: 'byzantine.attack.bits[0]: expected a number <= 31, got 32' });
  });
});
