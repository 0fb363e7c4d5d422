import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { createFilter, filters } from '../../../src/policies/filters/registry.js';

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

describe('filter registry', () => {
  it('lists every filter, each with a strict schema, summary and citation', () => {
    assert.deepEqual(Object.keys(filters), ['async-sgd', 'zeno++', 'kardam', 'buffered', 'fedasync', 'fedbuff', 'basgd', 'server-only']);
    for (const entry of Object.values(filters)) {
      assert.ok(entry.summary.length > 0 && entry.citation.length > 0);
      assert.equal(entry.params.safeParse({ surely_not_a_param: 1 }).success, false);
    }
  });

  it('builds filters by name with defaults', () => {
    const z = createFilter('zeno++');
    assert.equal(z.name, 'zeno++');
    assert.equal(z.refreshEvery, 10);
    assert.equal(createFilter('zeno++', { refreshEvery: 3 }).refreshEvery, 3);
    assert.equal(createFilter('async-sgd', {}).name, 'async-sgd');
  });

  it('names the field, the value and the expectation for bad parameters', () => {
    assert.equal(configMessage(() => createFilter('zeno++', { rho: -1 })), 'policy.rho: expected a number >= 0, got -1');
    assert.equal(configMessage(() => createFilter('zeno++', { epsilon: NaN })), 'policy.epsilon: expected a finite number, got NaN');
    assert.equal(configMessage(() => createFilter('zeno++', { refreshEvery: 2.5 })), 'policy.refreshEvery: expected an integer, got 2.5');
    assert.equal(configMessage(() => createFilter('zeno++', { validationBatch: 0 })), 'policy.validationBatch: expected a number >= 1, got 0');
    assert.equal(
      configMessage(() => createFilter('zeno++', { normalization: 'clipped' })),
      'policy.normalization: expected one of "exact" | "clip", got "clipped"',
    );
    assert.match(configMessage(() => createFilter('zeno++', { rhoo: 0.1 })), /^policy\.rhoo: unknown parameter \(expected one of: rho, epsilon, .*\), got 0\.1$/);
    assert.equal(configMessage(() => createFilter('async-sgd', { rho: 0 })), 'policy.rho: unknown parameter (expected one of: dampening, alpha), got 0');
    assert.equal(configMessage(() => createFilter('zeno++', { rho: -1 }, 'sweep[2].policy')), 'sweep[2].policy.rho: expected a number >= 0, got -1');
  });

  it('builds kardam with the run setup, refusing f >= n/3', () => {
    assert.equal(createFilter('kardam', { variant: 'java', f: 3 }, 'policy', { workers: 10 }).name, 'kardam');
    assert.equal(configMessage(() => createFilter('kardam', { f: 4 }, 'policy', { workers: 10 })), 'policy.f: expected f < n/3 (n = 10), got 4');
    assert.equal(configMessage(() => createFilter('kardam', { variant: 'pdf' })), 'policy.variant: expected one of "paper" | "java" | "zeno-baseline", got "pdf"');
  });

  it('lists the known names for an unknown one', () => {
    assert.equal(configMessage(() => createFilter('zeno')), 'policy.name: unknown filter "zeno"; expected one of async-sgd, zeno++, kardam, buffered, fedasync, fedbuff, basgd, server-only');
    assert.match(configMessage(() => createFilter('toString')), /unknown filter "toString"/);
  });
});
