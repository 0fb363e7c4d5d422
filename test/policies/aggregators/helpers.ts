/** Shared fixtures for the aggregator tests: the reference vectors, closeness checks, seeded inputs. */
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { Rng, type RandomStream } from '../../../src/core/rng.js';
import { referenceVectors } from '../../fixtures/reference.js';

/** reference_vectors.json (from reference_vectors.py, NumPy float64 on a 7×3 input with one outlier). */
export const reference = referenceVectors;

/** The reference input X as float32 rows. */
export const X: Float32Array[] = (reference.input.X as number[][]).map((r) => Float32Array.from(r));

/** Rows of `X` at the given indices. */
export function rowsOf(...indices: number[]): Float32Array[] {
  return indices.map((i) => X[i]);
}

/**
 * Asserts |actual − expected| ≤ rtol·|expected| + atol elementwise. The default rtol 1e-5 covers float32
 * inputs and output against a float64 reference (float32 data, float64 accumulators); atol 1e-7 covers entries near 0.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-7, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= rtol * Math.abs(expected[i]) + atol;
    assert.ok(ok, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (rtol ${rtol})`);
  }
}

/** A seeded stream for one test. */
export function stream(seed: number, label = 'test'): RandomStream {
  return Rng.root(seed).fork(label).stream();
}

/** n vectors of length d with N(mean, sd²) entries. */
export function normalRows(s: RandomStream, n: number, d: number, mean = 0, sd = 1): Float32Array[] {
  return Array.from({ length: n }, () => Float32Array.from({ length: d }, () => mean + sd * s.normal()));
}

/** Deep copies, to check later that inputs were not mutated. */
export function snapshot(rows: readonly Float32Array[]): Float32Array[] {
  return rows.map((r) => Float32Array.from(r));
}

/** Asserts bitwise equality of every row (NaN payloads included). */
export function assertUnchanged(rows: readonly Float32Array[], before: readonly Float32Array[]): void {
  assert.equal(rows.length, before.length);
  for (let i = 0; i < rows.length; i++) {
    assert.deepEqual(new Uint32Array(rows[i].buffer, rows[i].byteOffset, rows[i].length), new Uint32Array(before[i].buffer, before[i].byteOffset, before[i].length), `input ${i} was mutated`);
  }
}

/** A random permutation of rows (and the permutation). */
export function permute<T>(s: RandomStream, rows: readonly T[]): { rows: T[]; order: number[] } {
  const order = s.shuffle(Array.from({ length: rows.length }, (_, i) => i));
  return { rows: order.map((i) => rows[i]), order };
}

/** Runs `fn` and returns the ConfigError message it throws. */
export function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}
