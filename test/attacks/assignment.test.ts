import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { createAssignment } from '../../src/attacks/assignment.js';

const byzantineWorkers = (a: { isByzantine(w: number, k: number): boolean }, n: number, arrival = 0) =>
  Array.from({ length: n }, (_, w) => w).filter((w) => a.isByzantine(w, arrival));

describe('byzantine assignment', () => {
  it("fixed/lowest makes workers 0..q−1 Byzantine at every arrival", () => {
    const a = createAssignment('fixed', 'lowest', 3, 10, Rng.root(1));
    for (const k of [0, 1, 999]) assert.deepEqual(byzantineWorkers(a, 10, k), [0, 1, 2]);
  });

  it('fixed/random picks q distinct workers, the same ones for the same seed', () => {
    const pick = (seed: number) => byzantineWorkers(createAssignment('fixed', 'random', 4, 10, Rng.root(seed)), 10);
    assert.equal(pick(5).length, 4);
    assert.deepEqual(pick(5), pick(5));
    const seen = new Set([1, 2, 3, 4, 5, 6].map((s) => pick(s).join(',')));
    assert.ok(seen.size > 1, 'different seeds should pick different workers');
  });

  it('bernoulli makes a fraction close to q/n of arrivals Byzantine, whoever sends them', () => {
    const a = createAssignment('bernoulli', 'lowest', 6, 10, Rng.root(337));
    const N = 20000;
    let count = 0;
    for (let k = 0; k < N; k++) if (a.isByzantine(k % 10, k)) count++;
    // sd of the fraction = √(0.6·0.4/20000) ≈ 0.0035; allow 4 sd.
    assert.ok(Math.abs(count / N - 0.6) < 0.014, `fraction ${count / N}`);
  });

  it('bernoulli is a pure function of (seed, arrival) and uses rng.fork("byzantine")', () => {
    const rng = Rng.root(42);
    const a = createAssignment('bernoulli', 'lowest', 3, 10, rng);
    const b = createAssignment('bernoulli', 'lowest', 3, 10, Rng.root(42));
    const seqA = Array.from({ length: 200 }, (_, k) => a.isByzantine(0, k));
    const seqB = Array.from({ length: 200 }, (_, k) => b.isByzantine(7, 199 - k)).reverse();
    assert.deepEqual(seqA, seqB, 'order of queries and worker id do not matter');
    const expected = Array.from({ length: 200 }, (_, k) => rng.fork('byzantine').stream(k).float() < 0.3);
    assert.deepEqual(seqA, expected);
  });

  it('q = 0 is never and q = n always Byzantine', () => {
    const never = createAssignment('bernoulli', 'lowest', 0, 5, Rng.root(1));
    const always = createAssignment('bernoulli', 'lowest', 5, 5, Rng.root(1));
    for (let k = 0; k < 100; k++) {
      assert.equal(never.isByzantine(0, k), false);
      assert.equal(always.isByzantine(0, k), true);
    }
  });

  it('rejects q outside [0, n] and unknown worker ids', () => {
    assert.throws(() => createAssignment('fixed', 'lowest', 11, 10, Rng.root(1)), (e) => e instanceof ConfigError && /^byzantine\.count: .*got 11$/.test(e.message));
    assert.throws(() => createAssignment('fixed', 'lowest', -1, 10, Rng.root(1)), ConfigError);
    assert.throws(() => createAssignment('fixed', 'lowest', 1, 0, Rng.root(1)), ConfigError);
    assert.throws(() => createAssignment('fixed', 'lowest', 1, 10, Rng.root(1)).isByzantine(10, 0), RangeError);
  });
});
