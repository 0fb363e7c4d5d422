import assert from 'node:assert/strict';
import { PreconditionError } from '../../../src/core/errors.js';
import { aggregateStats, type Aggregator } from '../../../src/policies/aggregators/aggregator.js';
import { aggregators, createAggregator } from '../../../src/policies/aggregators/registry.js';
import { preAggregators } from '../../../src/policies/preaggregators/registry.js';
import { normalRows, stream } from './helpers.js';

/**
 * Parameters for rules that need more than their budget to be built. Every registered rule is covered: one
 * whose schema has `f` or `b` gets it from the test, and any other required parameter must be listed here
 * (the first test fails otherwise, naming the rule).
 */
const extraParams: Record<string, object> = {};

/** The rule's budget parameter, if its schema has one. */
function budgetKey(name: string): 'f' | 'b' | undefined {
  const shape = (aggregators as Record<string, { params: { shape: Record<string, unknown> } }>)[name].params.shape;
  return 'f' in shape ? 'f' : 'b' in shape ? 'b' : undefined;
}

function build(name: string, budget: number): Aggregator {
  const key = budgetKey(name);
  const rule = createAggregator(name, { ...extraParams[name], ...(key ? { [key]: budget } : {}) });
  if (rule.needsReference === undefined && !rule.assess) return rule;
  // What pool jobs would bring: a rule that needs the server's reference vector (FLTrust) gets all ones, of the
  // inputs' length; one that scores its inputs (Zeno) gets a score of 0 for each.
  const extra = (inputs: readonly Float32Array[]) => ({
    ...(rule.needsReference !== undefined ? { reference: new Float32Array(inputs[0]?.length ?? 0).fill(1) } : {}),
    ...(rule.assess ? { scores: inputs.map(() => 0) } : {}),
  });
  return { ...rule, aggregate: (inputs, out, stats, context) => rule.aggregate(inputs, out, stats, { ...context, ...extra(inputs) }) };
}

/** The fewest vectors the rule aggregates with this budget and nothing left out (found by trying). */
function fewestRows(name: string, budget: number): number {
  for (let n = 1; n <= 64; n++) {
    try {
      build(name, budget).aggregate(Array.from({ length: n }, () => new Float32Array(1)));
      return n;
    } catch (e) {
      if (!(e instanceof PreconditionError)) throw e;
    }
  }
  throw new Error(`${name}: no n ≤ 64 satisfies the precondition with budget ${budget}`);
}

const names = Object.keys(aggregators);

describe('the f budget (every registered aggregator)', () => {
  it('can build every registered rule with a budget (add extra parameters above for a new rule)', () => {
    for (const name of names) assert.doesNotThrow(() => build(name, 1), name);
  });

  it('liveness: with at most f non-finite or silent senders, every call aggregates the rest to a finite vector', () => {
    const s = stream(9, 'liveness');
    let calls = 0;
    for (const name of names) {
      const key = budgetKey(name);
      for (let trial = 0; trial < 24; trial++) {
        const f = key ? s.int(0, 3) : 0;
        const n = fewestRows(name, f) + s.int(0, 2);
        // Up to f known-Byzantine senders (at least one fewer than n for rules without a budget): some sent
        // a non-finite vector, the others nothing at all.
        const r = key ? s.int(0, Math.min(f, n - 1)) : s.int(0, n - 1);
        const silent = s.int(0, r);
        const d = s.int(1, 6);
        const rows = normalRows(s, n - silent, d);
        // MoNNA trusts input 0 (idx 0) and assumes it honest: it is never one of the bad ones.
        const candidates = Array.from({ length: n - silent }, (_, i) => i).filter((i) => name !== 'monna' || i > 0);
        const bad = s.shuffle(candidates).slice(0, r - silent);
        for (const i of bad) rows[i][s.int(0, d - 1)] = [NaN, Infinity, -Infinity][s.int(0, 2)];
        const stats = aggregateStats();
        let out: Float32Array;
        try {
          out = build(name, f).aggregate(rows, undefined, stats, { absent: silent });
        } catch (e) {
          assert.fail(`${name} (${key ?? 'no budget'} = ${f}, n = ${n}, ${r - silent} non-finite, ${silent} silent) stalled: ${String(e)}`);
        }
        assert.ok(out.every(Number.isFinite), name);
        assert.deepEqual(stats.rejected, [...bad].sort((a, b) => a - b), name);
        calls++;
      }
    }
    assert.equal(calls, names.length * 24);
  });

  it('aggregates the rest as the same rule configured with f′ = max(0, f − r)', () => {
    const s = stream(10, 'reduced');
    const rows = normalRows(s, 9, 4);
    const withBad = [...rows.slice(0, 4), Float32Array.of(NaN, 0, 0, 0), ...rows.slice(4)];
    for (const name of names) {
      const key = budgetKey(name);
      if (!key) continue;
      // One non-finite vector and one silent sender: r = 2.
      const got = build(name, 2).aggregate(withBad, undefined, undefined, { absent: 1 });
      assert.deepEqual([...got], [...build(name, 0).aggregate(rows)], name);
    }
  });

  it('sync Krum, 10 workers, f = 3: three non-finite senders leave Krum with f′ = 0 on the other 7 (no stall)', () => {
    const s = stream(11, 'krum');
    const rows = normalRows(s, 10, 5);
    for (const i of [2, 5, 9]) rows[i][0] = NaN;
    const stats = aggregateStats();
    createAggregator('krum', { f: 3 }).aggregate(rows, undefined, stats);
    assert.deepEqual(stats.rejected, [2, 5, 9]);
    assert.equal(stats.selected.length, 1);
    // Three silent senders and 7 finite vectors: the same.
    assert.doesNotThrow(() => createAggregator('krum', { f: 3 }).aggregate(normalRows(s, 7, 5), undefined, undefined, { absent: 3 }));
  });

  it('pre-aggregation chains pass the reduced budget to every step and to the rule', () => {
    const s = stream(13, 'pre');
    const rows = normalRows(s, 7, 4);
    const withBad = [...rows.slice(0, 2), Float32Array.of(NaN, 0, 0, 0), ...rows.slice(2), Float32Array.of(0, Infinity, 0, 0)];
    const stepParams = (name: string, f: number): object => {
      const shape = (preAggregators as Record<string, { params: { shape: Record<string, unknown> } }>)[name].params.shape;
      return { name, ...('f' in shape ? { f } : {}), ...('s' in shape ? { s: 2 } : {}), ...('c' in shape ? { c: 1 } : {}) };
    };
    for (const step of Object.keys(preAggregators)) {
      // Krum f = 3 after the step, 10 senders of which 2 non-finite and 1 silent: r = 3, f′ = 0 everywhere.
      const chain = createAggregator('krum', { f: 3, pre: [stepParams(step, 3)] });
      const got = chain.aggregate(withBad, undefined, undefined, { absent: 1 });
      const expected = createAggregator('krum', { f: 0, pre: [stepParams(step, 0)] }).aggregate(rows);
      assert.deepEqual([...got], [...expected], step);
    }
  });

  it('still refuses a precondition that fails with the full budget when nothing was left out', () => {
    assert.throws(() => createAggregator('krum', { f: 3 }).aggregate(normalRows(stream(12), 8, 2)), /policy\.f: expected n > 2f \+ 2 \(n = 8\), got f = 3/);
  });

  it('refuses a negative or fractional absent count (a programming error)', () => {
    assert.throws(() => createAggregator('mean').aggregate([Float32Array.of(1)], undefined, undefined, { absent: -1 }), RangeError);
    assert.throws(() => createAggregator('mean').aggregate([Float32Array.of(1)], undefined, undefined, { absent: 0.5 }), RangeError);
  });
});
