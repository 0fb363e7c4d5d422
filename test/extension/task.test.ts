import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { paramViews } from '../../src/tasks/param-views.js';
import logistic from '../fixtures/extension/logistic-task.js';

describe('extension: a task is one file plus one registry line', function () {
  this.timeout(120_000);
  const registries = new Registries().registerTask('logistic', logistic);
  const config = { task: 'logistic', workers: 4, steps: 240, evalEvery: 60, optimizer: { lr: 0.5, batchSize: 8 }, timing: { maxDelay: 3 }, seed: 3 };

  it('is listed, configurable by name with its defaults, and checked by field', () => {
    assert.match(catalogue(registries), /logistic\n.*\(test fixture\)\n\s+parameters: features, samples, separation, testSize, validationSize, dataSeed/);
    assert.deepEqual(resolveConfig({ task: 'logistic' }, registries).task, { name: 'logistic', features: 4, samples: 600, separation: 1.5, testSize: 100, validationSize: 50 });
    assert.throws(() => resolveConfig({ task: { name: 'logistic', features: 0 } }, registries), /task\.features/);
    assert.throws(() => resolveConfig({ task: { name: 'logistic', hidden: [3] } }, registries), /task\.hidden: unknown parameter \(logistic takes name, features/);
    assert.throws(() => resolveConfig({ task: { name: 'logistic', samples: 100 } }, registries), /task\.testSize: expected testSize \+ validationSize < 100/);
    assert.throws(() => resolveConfig({ task: 'logistic' }), /task\.name: unknown task "logistic"/);
    assert.throws(() => resolveConfig({ task: 'logistic', backend: 'engine' }, registries), /backend: the task computes on js, not on 'engine'/);
  });

  it('trains: the test loss falls and accuracy rises, on its own JavaScript compute', async () => {
    const { evaluations, summary, finalParams, config: resolved } = await simulate(config, { threads: 0, registries });
    assert.equal(summary.backend, 'js');
    const [first, last] = [evaluations[0], evaluations.at(-1)!];
    assert.ok(last.loss < 0.6 * first.loss, `test loss ${first.loss} → ${last.loss}`);
    assert.ok(last.accuracy > 0.85, `accuracy ${last.accuracy}`);
    assert.deepEqual(Object.keys(paramViews(finalParams, taskSpecOf(resolved), registries.tasks)), ['W0', 'b0']);
  });

  it('runs bit-identically inline and on a pool of 2 threads (which import it from its module)', async () => {
    const inline = await simulate(config, { threads: 0, registries });
    const pool = await simulate(config, { threads: 2, registries });
    assert.equal(pool.summary.traceHash, inline.summary.traceHash);
    assert.equal(pool.summary.modelHash, inline.summary.modelHash);
    assert.equal(pool.summary.backend, 'js');
  });

  it('without a module it runs inline only, and says so before any work', async () => {
    const { module: _module, ...inlineOnly } = logistic;
    const local = new Registries().registerTask('logistic', inlineOnly);
    await assert.rejects(simulate({ ...config, steps: 4 }, { threads: 2, registries: local }), /compute\.threads: task "logistic" has no module/);
    const { summary } = await simulate({ ...config, steps: 4 }, { threads: 0, registries: local });
    assert.equal(summary.arrivals.total, 4);
  });
});
