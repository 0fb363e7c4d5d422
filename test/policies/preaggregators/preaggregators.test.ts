import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { aggregateStats, followingState } from '../../../src/policies/aggregators/aggregator.js';
import { createAggregator } from '../../../src/policies/aggregators/registry.js';
import { createPreAggregator, preAggregators } from '../../../src/policies/preaggregators/registry.js';
import { assertClose, assertUnchanged, configMessage, normalRows, snapshot, stream } from '../aggregators/helpers.js';

/** The 3×3 input of ByzFL's documentation examples. */
const doc = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6), Float32Array.of(7, 8, 9)];
const apply = (name: string, params: object, rows: readonly Float32Array[], seed = 1) => {
  const step = createPreAggregator(name, params);
  return step.apply(rows, () => Rng.root(seed).stream(), step.budget ?? 0).map((r) => [...r]);
};

describe('pre-aggregators', () => {
  it('NNM with f = 1 reproduces the ByzFL documentation example', () => {
    const out = apply('nnm', { f: 1 }, doc);
    assertClose(out.flat(), [2.5, 3.5, 4.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
  });

  it('NNM, hand-computed: an outlier is mixed toward its nearest honest neighbours, honest vectors ignore it', () => {
    const rows = [Float32Array.of(0), Float32Array.of(1), Float32Array.of(2), Float32Array.of(100)];
    // f = 1: each output averages 3 nearest. 0 → {0,1,2}; 1 → {1,0,2}; 2 → {2,1,0}; 100 → {100,2,1}.
    assert.deepEqual(apply('nnm', { f: 1 }, rows).flat(), [1, 1, 1, 103 / 3].map(Math.fround));
  });

  it('static clipping reproduces the ByzFL documentation example (c = 2)', () => {
    assertClose(apply('clipping', { c: 2 }, doc).flat(), [0.53452248, 1.06904497, 1.60356745, 0.91168461, 1.13960576, 1.36752692, 1.00514142, 1.14873305, 1.29232469]);
    assert.deepEqual(apply('clipping', { c: 1 }, [new Float32Array(3)]).flat(), [0, 0, 0], 'a zero vector stays zero');
  });

  it('ARC with f = 1 reproduces the ByzFL documentation example: k = ⌊2·(1/3)·2⌋ = 1, clipped to ‖(4, 5, 6)‖', () => {
    assertClose(apply('arc', { f: 1 }, doc).flat(), [1, 2, 3, 4, 5, 6, 4.41004009, 5.04004582, 5.67005155]);
    // f = 0: k = 0, nothing is clipped.
    assert.deepEqual(apply('arc', { f: 0 }, doc).flat(), doc.flatMap((r) => [...r]));
  });

  it('ARC, hand-computed: n = 5, f = 2 clips the k = ⌊2·(2/5)·3⌋ = 2 largest to the 3rd largest norm', () => {
    const rows = [1, 2, 3, 40, 50].map((v) => Float32Array.of(v, 0));
    assert.deepEqual(apply('arc', { f: 2 }, rows).map((r) => r[0]), [1, 2, 3, 3, 3]);
  });

  it('bucketing averages seeded random buckets of s, the last one partial, ⌈n/s⌉ outputs', () => {
    const rows = [0, 1, 2, 3, 4].map((v) => Float32Array.of(2 ** v));
    const out = apply('bucketing', { s: 2 }, rows, 3);
    assert.equal(out.length, 3);
    // Sums of powers of two identify the members: every input is in exactly one bucket.
    const sizes = out.map((r, b) => (b < 2 ? 2 : 1));
    const total = out.reduce((t, r, b) => t + r[0] * sizes[b], 0);
    assert.equal(total, 31);
    assert.deepEqual(out, apply('bucketing', { s: 2 }, rows, 3), 'same stream, same buckets');
    const other = [4, 5, 6, 7, 8].map((seed) => apply('bucketing', { s: 2 }, rows, seed));
    assert.ok(other.some((o) => JSON.stringify(o) !== JSON.stringify(out)), 'other streams, other buckets');
    assert.deepEqual(apply('bucketing', { s: 1 }, rows).map((r) => r[0]).sort((a, b) => a - b), [1, 2, 4, 8, 16]);
  });

  it('never writes its inputs, and returns finite outputs for finite (even huge) inputs', () => {
    const s = stream(2, 'pre');
    for (const name of Object.keys(preAggregators)) {
      const rows = [...normalRows(s, 6, 5), Float32Array.from({ length: 5 }, () => 3e38)];
      const before = snapshot(rows);
      const step = createPreAggregator(name, name === 'clipping' || name === 'bucketing' ? {} : { f: 2 });
      const out = step.apply(rows, () => s, step.budget ?? 0);
      assertUnchanged(rows, before);
      for (const r of out) assert.ok(r.every(Number.isFinite), name);
    }
  });

  it('rejects bad parameters naming the field', () => {
    assert.match(configMessage(() => createPreAggregator('nnm', {}, 'policy.pre[0]')), /policy\.pre\[0\]\.f/);
    assert.match(configMessage(() => createPreAggregator('bucketing', { s: 0 }, 'policy.pre[1]')), /policy\.pre\[1\]\.s/);
    assert.match(configMessage(() => createPreAggregator('clipping', { c: -1 })), /\.c/);
    assert.match(configMessage(() => createPreAggregator('mix')), /unknown pre-aggregator "mix"; expected one of nnm, bucketing, clipping, arc/);
  });
});

describe('a rule with pre-aggregation steps (pre)', () => {
  it('runs the steps in order, then the rule: NNM(1) then mean on the doc example gives the mean of the mixed vectors', () => {
    const out = createAggregator('mean', { pre: [{ name: 'nnm', f: 1 }] }).aggregate(doc);
    assertClose(out, [3.5, 4.5, 5.5]);
    const clippedMean = createAggregator('mean', { pre: [{ name: 'arc', f: 1 }, { name: 'clipping', c: 2 }] }).aggregate(doc);
    const byHand = apply('clipping', { c: 2 }, apply('arc', { f: 1 }, doc).map((r) => Float32Array.from(r)));
    assertClose(clippedMean, [0, 1, 2].map((j) => (byHand[0][j] + byHand[1][j] + byHand[2][j]) / 3));
  });

  it("checks the rule's precondition on what the steps return (Krum after bucketing)", () => {
    const rows = normalRows(stream(3), 12, 4);
    assert.ok(createAggregator('krum', { f: 1 }).aggregate(rows));
    assert.equal(configMessage(() => createAggregator('krum', { f: 1, pre: [{ name: 'bucketing', s: 3 }] }).aggregate(rows)), 'policy.f: expected n > 2f + 2 (n = 4), got f = 1');
    assert.equal(configMessage(() => createAggregator('mean', { pre: [{ name: 'nnm', f: 3 }] }).aggregate(rows.slice(0, 3))), 'policy.pre[0].f: expected f < n (n = 3), got f = 3');
  });

  it('drops non-finite vectors before the steps and reports them; selections map back only for one-to-one steps', () => {
    const rows = [Float32Array.of(NaN, 0), ...normalRows(stream(4), 7, 2)];
    const stats = aggregateStats();
    const out = createAggregator('krum', { f: 1, pre: [{ name: 'nnm', f: 1 }] }).aggregate(rows, undefined, stats);
    assert.ok(out.every(Number.isFinite));
    assert.deepEqual(stats.rejected, [0]);
    assert.deepEqual(stats.selected, []);
    createAggregator('krum', { f: 1, pre: [{ name: 'clipping', c: 0.5 }] }).aggregate(rows, undefined, stats);
    assert.deepEqual(stats.selected, [selectedOf(rows)]);
  });

  it('is seeded: the same rng gives the same buckets call after call, another rng other buckets', () => {
    const rows = normalRows(stream(5), 9, 3);
    const run = (seed: number) => {
      const agg = createAggregator('median', { pre: [{ name: 'bucketing', s: 2 }] }, 'policy', Rng.root(seed));
      return [0, 1, 2].map(() => [...agg.aggregate(rows)]);
    };
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
  });

  it("an attacker's copy (followingState) draws the buckets of the server's current call on every trial call", () => {
    const rows = normalRows(stream(6), 9, 3);
    const chain = (rng: Rng) => createAggregator('median', { pre: [{ name: 'bucketing', s: 2 }] }, 'policy', rng);
    const server = chain(Rng.root(1));
    const copy = followingState(server, chain(Rng.root(1).fork('defence')));
    // What the copy's own branch gives on its k-th call, k = 0, 1, 2.
    const alone = chain(Rng.root(1).fork('defence'));
    const expected = [0, 1, 2].map(() => [...alone.aggregate(rows)]);
    assert.notDeepEqual(expected[0], expected[1], 'different calls, different buckets (else the test shows nothing)');
    for (let round = 0; round < 3; round++) {
      // Three trial calls in one round: each sees the round's buckets (before: streams 0, 1, 2, then 3, 4, 5, ...).
      for (let trial = 0; trial < 3; trial++) assert.deepEqual([...copy.aggregate(rows)], expected[round], `round ${round}, trial ${trial}`);
      server.aggregate(rows);
    }
  });

  it('rejects a bad chain naming the step and field', () => {
    assert.throws(() => createAggregator('mean', { pre: [{ name: 'nnm', f: 1 }, { name: 'bucketing', s: 'two' }] }), (e: unknown) => e instanceof ConfigError && /^policy\.pre\[1\]\.s/.test(e.message));
    assert.throws(() => createAggregator('mean', { pre: { name: 'nnm' } }), /policy\.pre/);
    assert.throws(() => createAggregator('mean', { pre: [{ name: 'nnm', f: 1, k: 2 }] }), /policy\.pre\[0\]\.k/);
  });
});

/** Krum's choice among the clipped finite rows (all but row 0), as an input position. */
function selectedOf(rows: Float32Array[]): number {
  const stats = aggregateStats();
  const clipped = createPreAggregator('clipping', { c: 0.5 }).apply(rows.slice(1), () => Rng.root(0).stream(), 0);
  // The dropped NaN row is a known Byzantine sender: the chain's Krum runs with f′ = f − 1 = 0.
  createAggregator('krum', { f: 0 }).aggregate(clipped, undefined, stats);
  return stats.selected[0] + 1;
}
