import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { simulate } from '../../src/experiments/simulate.js';
import { preAggregators } from '../../src/policies/preaggregators/registry.js';

/** The issues a config produces, as `path: message` lines. */
function issuesOf(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  assert.fail('config was accepted');
}

describe('config', () => {
  it('fills every default for an empty config', () => {
    const c = resolveConfig({});
    assert.equal(c.workers, 10);
    assert.equal(c.task.name, 'mnist-mlp');
    assert.deepEqual(c.task.hidden, [128]);
    assert.equal(c.policy.name, 'async-sgd');
    assert.equal(c.timing.model, 'bounded');
  });

  it('says a left-out required field is required, and what it is: rule parameters, pre-aggregation steps, names', () => {
    const f = 'required (f, the number of Byzantine vectors the rule tolerates: a whole number ≥ 0)';
    assert.deepEqual(issuesOf({ mode: 'sync', policy: { name: 'krum' } }), [`policy.f: ${f}`]);
    assert.deepEqual(issuesOf({ mode: 'sync', policy: { name: 'median', pre: [{ name: 'nnm' }] } }), [`policy.pre[0].f: ${f}`]);
    assert.deepEqual(issuesOf({ mode: 'sync', policy: { name: 'trimmed-mean' } }), ['policy.b: required (b, the number of values dropped at each end of every coordinate: a whole number ≥ 0)']);
    assert.deepEqual(issuesOf({ mode: 'sync', policy: { name: 'median', pre: [{ f: 1 }] } }), [`policy.pre[0].name: required (a pre-aggregator name, one of ${Object.keys(preAggregators).join(', ')})`]);
    assert.match(issuesOf({ task: {} })[0], /^task\.name: required \(a task name, one of mnist-mlp, .*linreg/);
    assert.match(issuesOf({ byzantine: { count: 1, attack: {} } })[0], /^byzantine\.attack\.name: required \(an attack name, one of sign-flip, /);
    assert.deepEqual(issuesOf({ optimizer: { schedule: { type: 'step' } } }), ['optimizer.schedule.milestones: required (an array)']);
  });

  it('accepts a task name as shorthand and fills the rule defaults', () => {
    const c = resolveConfig({ task: 'mnist-softmax', policy: { name: 'zeno++' } });
    assert.equal(c.task.name, 'mnist-softmax');
    assert.equal(c.policy.rho, 0.001);
    assert.equal(c.policy.refreshEvery, 10);
  });

  it('names a misspelled top-level field', () => {
    const issues = issuesOf({ wokers: 10 });
    assert.equal(issues.length, 1);
    assert.match(issues[0], /^wokers: unknown parameter/);
  });

  it('names a misspelled rule parameter with its full path', () => {
    const [issue] = issuesOf({ policy: { name: 'zeno++', rhoo: 0.1 } });
    assert.match(issue, /^policy\.rhoo: unknown parameter/);
  });

  it('rejects a negative worker count, saying what was expected and what it got', () => {
    const [issue] = issuesOf({ workers: -3 });
    assert.equal(issue, 'workers: expected a number > 0, got -3');
  });

  it('rejects more Byzantine workers than workers', () => {
    const [issue] = issuesOf({ workers: 4, byzantine: { count: 5 } });
    assert.equal(issue, 'byzantine.count: expected at most workers (4), got 5');
  });

  it('lists the known names for an unknown policy', () => {
    const [issue] = issuesOf({ policy: { name: 'krum2' } });
    assert.match(issue, /^policy\.name: unknown policy "krum2"; expected one of .*zeno\+\+/);
  });

  it('rejects a batch larger than a worker shard', () => {
    const [issue] = issuesOf({ task: { name: 'linreg', samples: 300, validationSize: 50, testSize: 50 }, workers: 10, optimizer: { batchSize: 64 } });
    assert.match(issue, /^optimizer\.batchSize: expected at most the smallest worker shard \(20 samples/);
  });

  it('rejects a bad value before any work starts and writes no results folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'byzsim-')), 'run');
    await assert.rejects(simulate({ workers: 0 }, { outDir: out, threads: 0 }), (e: unknown) => e instanceof ConfigError && /^workers:/.test(e.message));
    assert.equal(existsSync(out), false);
  });
});
