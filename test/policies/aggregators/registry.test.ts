import assert from 'node:assert/strict';
import { aggregators, createAggregator } from '../../../src/policies/aggregators/registry.js';
import { X, configMessage } from './helpers.js';

describe('aggregator registry', () => {
  it('lists the fifteen rules, each with a strict schema, a summary and a citation', () => {
    assert.deepEqual(Object.keys(aggregators), ['mean', 'median', 'trimmed-mean', 'geometric-median', 'krum', 'multi-krum', 'bulyan', 'centered-clipping', 'meamed', 'mda', 'monna', 'caf', 'smea', 'fltrust', 'zeno']);
    for (const [name, entry] of Object.entries(aggregators)) {
      assert.ok(entry.summary.length > 0 && entry.citation.length > 0, name);
      assert.equal(entry.params.safeParse({ surely_not_a_param: 1 }).success, false, name);
    }
  });

  it('builds rules by name, filling defaults', () => {
    assert.equal(createAggregator('mean').name, 'mean');
    assert.equal(createAggregator('krum', { f: 1 }).name, 'krum');
    assert.deepEqual(aggregators['geometric-median'].params.parse({}), { maxIter: 100, tol: 1e-6, nu: 1e-6, init: 'median' });
    assert.deepEqual(aggregators['centered-clipping'].params.parse({}), { tau: 100, iterations: 1, start: 'previous' });
    assert.deepEqual(aggregators.krum.params.parse({ f: 2 }), { f: 2 });
  });

  it('lists the known names for an unknown rule', () => {
    assert.equal(
      configMessage(() => createAggregator('krum2', { f: 1 })),
      'policy.name: unknown aggregator "krum2"; expected one of mean, median, trimmed-mean, geometric-median, krum, multi-krum, bulyan, centered-clipping, meamed, mda, monna, caf, smea, fltrust, zeno',
    );
  });

  it('names the field for bad, missing or unknown parameters, under the given prefix', () => {
    assert.equal(configMessage(() => createAggregator('krum', { f: 1.5 })), 'policy.f: expected an integer, got 1.5');
    assert.equal(configMessage(() => createAggregator('bulyan', {})), 'policy.f: required (f, the number of Byzantine vectors the rule tolerates: a whole number ≥ 0)');
    assert.equal(configMessage(() => createAggregator('trimmed-mean', { b: -1 })), 'policy.b: expected a number >= 0, got -1');
    assert.equal(configMessage(() => createAggregator('geometric-median', { nu: 0 }, 'server.aggregator')), 'server.aggregator.nu: expected a number > 0, got 0');
    assert.equal(configMessage(() => createAggregator('median', { f: 1 })), 'policy.f: unknown parameter (takes no parameters), got 1');
    assert.match(configMessage(() => createAggregator('krum', { f: 1, neighbours: 3 })), /^policy\.neighbours: unknown parameter \(expected one of: f, neighbors, convention\)/);
  });

  it('reports precondition failures under the same prefix', () => {
    assert.equal(configMessage(() => createAggregator('krum', { f: 3 }, 'server.aggregator').aggregate(X)), 'server.aggregator.f: expected n > 2f + 2 (n = 7), got f = 3');
  });
});
