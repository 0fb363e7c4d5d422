import assert from 'node:assert/strict';
import { ConfigError, PreconditionError } from '../../../src/core/errors.js';
import { aggregateStats, type Aggregator } from '../../../src/policies/aggregators/aggregator.js';
import { aggregators, createAggregator, type AggregatorName } from '../../../src/policies/aggregators/registry.js';
import { X, assertUnchanged, configMessage, snapshot, stream } from './helpers.js';

/** Parameters that make every rule valid for n ≥ 7 (Bulyan needs n ≥ 4f + 3). */
const paramsFor: Record<AggregatorName, object> = {
  mean: {},
  median: {},
  'trimmed-mean': { b: 1 },
  'geometric-median': {},
  krum: { f: 1 },
  'multi-krum': { f: 1 },
  bulyan: { f: 1 },
  'centered-clipping': {},
  meamed: { f: 1 },
  mda: { f: 1 },
  monna: { f: 1, idx: 1 }, // the trusted input, honest in every test below (MoNNA assumes it)
  caf: { f: 1 },
  smea: { f: 1 },
  fltrust: {},
  zeno: { b: 1 },
};
const names = Object.keys(aggregators) as AggregatorName[];
/**
 * The rule with what its pool jobs would bring: one that needs the server's reference vector (FLTrust) gets all
 * ones, of the inputs' length; one that scores its inputs (Zeno) gets a score of 0 for each.
 */
const withReference = (rule: Aggregator): Aggregator => {
  if (rule.needsReference === undefined && !rule.assess) return rule;
  const extra = (inputs: readonly Float32Array[]) => ({
    ...(rule.needsReference !== undefined ? { reference: new Float32Array(inputs[0]?.length ?? 0).fill(1) } : {}),
    ...(rule.assess ? { scores: inputs.map(() => 0) } : {}),
  });
  return { ...rule, aggregate: (inputs, out, stats, context) => rule.aggregate(inputs, out, stats, { ...context, ...extra(inputs) }) };
};
const build = (name: AggregatorName): Aggregator => withReference(createAggregator(name, paramsFor[name]));
/** The same rule with its budget (f or b) reduced by `known` known-Byzantine vectors. */
const reduced = (name: AggregatorName, known: number): Aggregator =>
  withReference(createAggregator(name, Object.fromEntries(Object.entries(paramsFor[name]).map(([k, v]) => [k, k === 'f' || k === 'b' ? Math.max(0, v - known) : v]))));

describe('aggregate (input screening shared by every rule)', () => {
  it('throws a RangeError on n = 0, ragged lengths, a wrong-length out and an out that overlaps an input', () => {
    for (const name of names) {
      const agg = build(name);
      assert.throws(() => agg.aggregate([]), RangeError, name);
      assert.throws(() => agg.aggregate([...X.slice(0, 6), new Float32Array(4)]), /input 6 has length 4, expected 3/, name);
      assert.throws(() => agg.aggregate(X, new Float32Array(2)), /out has length 2, expected 3/, name);
      assert.throws(() => agg.aggregate(X, X[3]), /out overlaps input 3/, name);
      const shared = new Float32Array(12);
      const rows = [0, 1, 2, 3, 4, 5, 6].map((i) => X[i]);
      rows[0] = shared.subarray(0, 3);
      assert.throws(() => agg.aggregate(rows, shared.subarray(2, 5)), /overlaps input 0/, name);
    }
  });

  it('writes into a given out and returns it, and allocates one otherwise', () => {
    for (const name of names) {
      const out = new Float32Array(3);
      assert.equal(build(name).aggregate(X, out), out, name);
      assert.ok(build(name).aggregate(X) instanceof Float32Array);
    }
  });

  it('drops vectors containing NaN or ±Infinity, lists them in stats.rejected, and aggregates the rest with the budget reduced by their number', () => {
    const bad = [Float32Array.of(NaN, 0, 0), Float32Array.of(1, Infinity, 1), Float32Array.of(0, 0, -Infinity)];
    for (const name of names) {
      const stats = aggregateStats();
      const mixed = [bad[0], ...X.slice(0, 3), bad[1], ...X.slice(3), bad[2]];
      const out = build(name).aggregate(mixed, undefined, stats);
      assert.deepEqual(stats.rejected, [0, 4, 9], name);
      // `senders`: the inputs X came as (MoNNA's trusted input 1 is X[0]); the other rules ignore them.
      const same = reduced(name, 3).aggregate(X, undefined, undefined, { senders: [1, 2, 3, 5, 6, 7, 8] });
      assert.deepEqual([...out], [...same], `${name}: same as without the non-finite rows, f′ = max(0, f − 3)`);
    }
  });

  it('maps selected indices back to input positions when rows were dropped', () => {
    const stats = aggregateStats();
    createAggregator('krum', { f: 1 }).aggregate([Float32Array.of(NaN, 0, 0), ...X], undefined, stats);
    assert.deepEqual(stats.rejected, [0]);
    assert.deepEqual(stats.selected, [1], 'reference Krum index 0, shifted by the dropped row');
  });

  it('checks preconditions on the vectors that remain with the reduced budget, and says that some were left out', () => {
    const rows = [...X.slice(0, 2), Float32Array.of(NaN, 1, 1), Float32Array.of(1, 1, NaN)];
    assert.equal(
      configMessage(() => createAggregator('krum', { f: 1 }).aggregate(rows)),
      'policy.f: expected n > 2f + 2 (n = 2 after leaving out 2 known-Byzantine vectors, budget 0), got f = 1',
    );
    assert.throws(() => createAggregator('krum', { f: 1 }).aggregate(rows), PreconditionError);
  });

  it('throws a PreconditionError when every vector is non-finite', () => {
    for (const name of names) {
      assert.throws(() => build(name).aggregate([Float32Array.of(NaN), Float32Array.of(Infinity)]), (e) => e instanceof PreconditionError && /got none of 2/.test(e.message), name);
    }
  });

  it('clears a reused stats record', () => {
    const stats = aggregateStats();
    build('median').aggregate([Float32Array.of(NaN), Float32Array.of(1)], undefined, stats);
    assert.deepEqual(stats.rejected, [0]);
    build('median').aggregate([Float32Array.of(2), Float32Array.of(1)], undefined, stats);
    assert.deepEqual(stats, { rejected: [], selected: [] });
  });

  it('survives fuzzing: random, huge (1e30), tiny (1e-30), duplicate, zero and non-finite vectors give a finite output or the documented error, never mutating inputs', () => {
    const s = stream(1, 'fuzz');
    const counts = { ok: 0, precondition: 0, allNonFinite: 0 };
    for (let trial = 0; trial < 400; trial++) {
      const n = s.int(1, 13);
      const d = s.int(1, 9);
      const rows: Float32Array[] = [];
      const nonFinite: number[] = [];
      for (let i = 0; i < n; i++) {
        const kind = s.int(0, 6);
        let row: Float32Array;
        if (kind === 0 || (kind === 3 && i === 0)) row = Float32Array.from({ length: d }, () => s.normal());
        else if (kind === 1) row = Float32Array.from({ length: d }, () => 1e30 * s.normal());
        else if (kind === 2) row = Float32Array.from({ length: d }, () => 1e-30 * s.normal());
        else if (kind === 3) row = Float32Array.from(rows[s.int(0, i - 1)]);
        else if (kind === 4) row = new Float32Array(d);
        else if (kind === 5) row = Float32Array.from({ length: d }, () => 3e38 * (s.float() < 0.5 ? -1 : 1));
        else {
          row = Float32Array.from({ length: d }, () => s.normal());
          row[s.int(0, d - 1)] = [NaN, Infinity, -Infinity][s.int(0, 2)];
        }
        if (!row.every(Number.isFinite)) nonFinite.push(i);
        rows.push(row);
      }
      const before = snapshot(rows);
      for (const name of names) {
        const stats = aggregateStats();
        try {
          const out = build(name).aggregate(rows, undefined, stats);
          assert.equal(out.length, d);
          assert.ok(out.every(Number.isFinite), `${name}: non-finite output ${[...out]} (trial ${trial})`);
          assert.deepEqual(stats.rejected, nonFinite);
          counts.ok++;
        } catch (e) {
          if (e instanceof PreconditionError && nonFinite.length === n) {
            counts.allNonFinite++;
          } else if (e instanceof ConfigError) {
            // Zeno counts its m candidates, the non-finite ones included (docs/rules.md).
            const zenoForm = /^policy\.b: expected b < m \(m = \d+ candidates\), got 1$/;
            // MoNNA's trusted input 1 may be missing (n = 1) or non-finite: it has no trusted vector then.
            const monnaForm = /^policy\.idx: expected (idx < n \(n = 1\), got idx = 1|the trusted vector \(sender 1\) among the \d+ finite vectors aggregated, got none: .*)$/;
            if (name === 'monna' && monnaForm.test(e.message)) assert.ok(n === 1 || nonFinite.includes(1), e.message);
            else if (!zenoForm.test(e.message)) assert.match(e.message, /^policy\.(f|b): expected .+ \(n = \d+( after leaving out \d+ known-Byzantine vectors?, budget 0)?\), got (f|b) = 1$/, name);
            // With the budget (1) charged for each dropped vector, a precondition can fail only on the vectors that remain with f′ = 0.
            counts.precondition++;
          } else throw e;
        }
        assertUnchanged(rows, before);
      }
    }
    assert.ok(counts.ok > 1000 && counts.precondition > 100 && counts.allNonFinite > 0, JSON.stringify(counts));
  });
});
