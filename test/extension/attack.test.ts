import assert from 'node:assert/strict';
import { Registries } from '../../src/config/registries.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { simulate } from '../../src/experiments/simulate.js';
import { slowFlip } from '../fixtures/extension/slow-flip-attack.js';

describe('extension: an attack is one file plus one registry line', function () {
  this.timeout(120_000);
  const registries = new Registries().registerAttack('slow-flip', slowFlip);
  const base = {
    task: { name: 'linreg', features: 4, samples: 600, validationSize: 80, testSize: 80 },
    workers: 6,
    steps: 120,
    evalEvery: 120,
    timing: { maxDelay: 4 },
    policy: { name: 'async-sgd' },
  } as const;
  const attacked = { ...base, byzantine: { count: 2, attack: { name: 'slow-flip' } } };

  it('is listed and refuses a bad parameter by field, before any work', () => {
    assert.match(catalogue(registries), /slow-flip\n.*test fixture/);
    assert.throws(() => resolveConfig({ ...base, byzantine: { count: 2, attack: { name: 'slow-flip', factor: 0.5 } } }, registries), /byzantine\.attack\.factor/);
    assert.ok(!Object.hasOwn(new Registries().attacks, 'slow-flip'), 'another instance does not see the name');
  });

  it('acts where it says: the server sends its crafted vector, the worker takes its timing', async () => {
    const { records, summary } = await simulate(attacked, { threads: 0, registries });
    const byzantine = records.filter((r) => r.byzantine);
    const honest = records.filter((r) => !r.byzantine);
    assert.ok(byzantine.length > 10 && byzantine.every((r) => r.attack === 'slow-flip'));
    // Timing: computed on the oldest model kept, so staler than any honest arrival on average.
    const mean = (rs: typeof records) => rs.reduce((s, r) => s + r.staleness, 0) / rs.length;
    assert.ok(mean(byzantine) > mean(honest) + 1, `staleness: Byzantine ${mean(byzantine)}, honest ${mean(honest)}`);
    // Vector: the flipped ×4 gradients drive plain async SGD away, where the honest run converges.
    const clean = await simulate({ ...base, byzantine: { count: 0 } }, { threads: 0, registries });
    assert.ok(summary.final.testLoss > 2 * clean.summary.final.testLoss, `attacked ${summary.final.testLoss} vs clean ${clean.summary.final.testLoss}`);
  });

  it('is deterministic: the same run twice gives the same bits', async () => {
    const [a, b] = [await simulate(attacked, { threads: 0, registries }), await simulate(attacked, { threads: 0, registries })];
    assert.deepEqual([a.summary.traceHash, a.summary.modelHash], [b.summary.traceHash, b.summary.modelHash]);
  });
});
