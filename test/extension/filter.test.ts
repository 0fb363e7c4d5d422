import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { normCap } from '../fixtures/extension/norm-cap-filter.js';

describe('extension: an asynchronous filter is one file plus one registry line', function () {
  this.timeout(60_000);
  const registries = new Registries().registerFilter('norm-cap', normCap);
  const base = { task: 'linreg', workers: 4, steps: 60, evalEvery: 60, timing: { maxDelay: 2 }, byzantine: { count: 1, attack: { name: 'sign-flip', scale: 1000 } } };

  it('is listed and refuses a bad parameter by field', () => {
    assert.match(catalogue(registries), /norm-cap\n.*test fixture/);
    assert.throws(() => resolveConfig({ ...base, policy: { name: 'norm-cap', maxNorm: -1 } }, registries), /policy\.maxNorm/);
    assert.ok(!Object.hasOwn(new Registries().filters, 'norm-cap'), 'another instance does not see the name');
  });

  it('rejects exactly the gradients above its cap, and applies the others', async () => {
    // The honest linreg gradients stay below 200 along this run; the Byzantine ones are −1000 times an honest one.
    const maxNorm = 200;
    const { records, summary } = await simulate({ ...base, policy: { name: 'norm-cap', maxNorm } }, { threads: 0, registries });
    assert.equal(records.length, 60);
    for (const r of records) assert.equal(r.decision.accepted, r.decision.score <= maxNorm, `arrival ${r.arrival}: score ${r.decision.score}`);
    const byzantine = records.filter((r) => r.byzantine);
    assert.ok(byzantine.filter((r) => !r.decision.accepted).length >= byzantine.length - 2, 'the Byzantine gradients are refused (but near the optimum)');
    assert.ok(records.filter((r) => !r.byzantine).every((r) => r.decision.accepted), 'every honest gradient is applied');
    const open = await simulate({ ...base, policy: { name: 'async-sgd' } }, { threads: 0, registries });
    assert.ok(summary.final.testLoss < open.summary.final.testLoss, `filtered ${summary.final.testLoss} vs undefended ${open.summary.final.testLoss}`);
  });
});
