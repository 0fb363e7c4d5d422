import assert from 'node:assert/strict';
import type { Attack } from '../../src/attacks/attack.js';
import { createAttack } from '../../src/attacks/registry.js';
import { aggregateStats } from '../../src/policies/aggregators/aggregator.js';
import { aggregators, createAggregator } from '../../src/policies/aggregators/registry.js';
import { dot } from '../../src/core/vectors.js';
import { ctxAt, noisyVectors } from './helpers.js';

/** What the server receives when workers 0..q−1 of the round are Byzantine and send `attack`'s vector. */
function received(attack: Attack, round: Float32Array[], q: number, omniscient = true): Float32Array[] {
  return round.map((g, i) => {
    if (i >= q) return g;
    const out = new Float32Array(g.length);
    attack.craft(g, out, ctxAt(3, 0, omniscient ? round : undefined, i));
    return out;
  });
}

function meanOf(vs: readonly Float32Array[]): Float32Array {
  return createAggregator('mean').aggregate(vs);
}

describe('attack effects on aggregation rules (no simulation)', () => {
  const truth = Float32Array.from([1, -2, 0.5, 3, 1, 0, -1, 2, 1, 1]);
  const round = noisyVectors(10, [...truth], 0.5);
  const honestMean = meanOf(round);

  it('sign-flip (×10, 3 of 10) and ipm with large ε (10, 3 of 10) reverse the mean', () => {
    for (const attack of [createAttack('sign-flip'), createAttack('ipm', { epsilon: 10 })]) {
      const agg = meanOf(received(attack, round, 3));
      assert.ok(dot(agg, honestMean) < 0, `${attack.name}: ⟨mean, honest mean⟩ = ${dot(agg, honestMean)}`);
    }
  });

  it('ipm with ε = 0.1 and q = 11 of 25 makes Krum (f = 11) pick a Byzantine vector opposed to the honest mean', () => {
    const r = noisyVectors(25, [...truth], 1, 2);
    const stats = aggregateStats();
    const agg = createAggregator('krum', { f: 11 }).aggregate(received(createAttack('ipm'), r, 11), undefined, stats);
    assert.equal(stats.selected.length, 1);
    assert.ok(stats.selected[0] < 11, `Krum picked ${stats.selected[0]}, an honest vector`);
    assert.ok(dot(agg, meanOf(r)) < 0);
  });

  it('alie with q = 11 of 25 moves the coordinate-wise median from the honest mean toward −σ', () => {
    const sd = [0.5, 1, 2, 3, 0.5, 1, 2, 3, 1, 1];
    const r = noisyVectors(25, [...truth], sd, 4);
    const mu = meanOf(r);
    const med = createAggregator('median').aggregate(received(createAttack('alie', { byzantine: 11 }), r, 11));
    for (let j = 0; j < truth.length; j++) assert.ok(med[j] < mu[j], `coordinate ${j}: median ${med[j]} ≥ mean ${mu[j]}`);
  });

  it('every aggregator drops non-finite vectors and reports them in stats.rejected', () => {
    const r = noisyVectors(12, [...truth], 0.5, 5);
    const params: Record<string, object> = { 'trimmed-mean': { b: 1 }, krum: { f: 1 }, 'multi-krum': { f: 1 }, bulyan: { f: 1 }, meamed: { f: 1 }, mda: { f: 1 }, monna: { f: 1, idx: 5 }, caf: { f: 1 }, smea: { f: 1 } };
    for (const options of [{}, { value: '+inf' }, { value: '-inf', fraction: 0.1 }]) {
      const inputs = received(createAttack('non-finite', options), r, 2);
      // FLTrust needs the server's gradient (the true gradient plays it here); Zeno a score per vector (all equal here).
      const context = { reference: Float32Array.from(truth), scores: inputs.map(() => 0) };
      for (const name of Object.keys(aggregators)) {
        const stats = aggregateStats();
        const out = createAggregator(name, params[name] ?? {}).aggregate(inputs, undefined, stats, context);
        assert.deepEqual(stats.rejected, [0, 1], `${name} with ${JSON.stringify(options)}`);
        assert.ok(out.every(Number.isFinite), name);
      }
    }
  });
});
