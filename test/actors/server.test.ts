import assert from 'node:assert/strict';
import { asyncPolicy } from '../../src/actors/async-policy.js';
import { runActors } from '../../src/actors/run-actors.js';
import { bounded } from '../../src/timing/bounded.js';
import type { Attack } from '../../src/attacks/attack.js';
import { createInlineCompute } from '../../src/compute/inline.js';
import type { Compute } from '../../src/compute/jobs.js';
import { SimulationError } from '../../src/core/errors.js';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';
import { allFinite } from '../../src/core/vectors.js';
import { Rng } from '../../src/core/rng.js';
import { createFilter } from '../../src/policies/filters/registry.js';
import { initParams, taskInfo } from '../../src/tasks/index.js';

/** A test-only attack that sends a fixed pathological vector. */
const sending = (name: string, fill: (out: Float32Array) => void): Attack => ({ name, acts: [{ on: 'vector' }], craft: (_h, out) => fill(out) });

describe('server actor', function () {
  this.timeout(60_000);
  const config = resolveConfig({ task: { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 }, workers: 4 });
  const spec = taskSpecOf(config);
  const info = taskInfo(spec);

  async function run(policy: string, attack: Attack, steps = 80, failAtJob = -1) {
    const inner = await createInlineCompute({ task: spec, backend: 'cpu', threads: 0 });
    let jobs = 0;
    const compute: Compute = {
      backend: inner.backend,
      run: (job) => (jobs++ === failAtJob ? Promise.reject(new Error('thread exploded')) : inner.run(job)),
      close: () => inner.close(),
    };
    const rng = Rng.root(3);
    try {
      return await runActors({
        info,
        compute,
        rng,
        initialParams: initParams(spec, rng.fork('init')),
        workers: 4,
        batchSize: 8,
        steps,
        evalEvery: 10,
        policy: asyncPolicy(
          createFilter(policy, policy === 'zeno++' ? { validationBatch: 8, refreshEvery: 4 } : {}, 'policy', { workers: 4 }),
          bounded.pulls({ maxDelay: 3 }, { workers: 4, steps: 100, mode: 'async', rng: rng.fork('timing') }),
        ),
        attack,
        isByzantine: (worker) => worker < 2,
        byzantineStartAfter: 0,
        lr: () => 0.05,
        weightDecay: 0,
      });
    } finally {
      await compute.close();
    }
  }

  for (const policy of ['async-sgd', 'zeno++', 'kardam', 'buffered']) {
    for (const [label, attack, reason] of [
      ['NaN', sending('nan', (o) => o.fill(Number.NaN)), 'non-finite'],
      ['+Inf', sending('inf', (o) => o.fill(Number.POSITIVE_INFINITY)), 'non-finite'],
      ['zero', sending('zero', (o) => o.fill(0)), policy === 'zeno++' ? 'zero-norm' : undefined],
      ['1e30', sending('huge', (o) => o.fill(1e30)), undefined],
    ] as const) {
      it(`${policy}: ${label} vectors from Byzantine workers are ${reason ? `rejected as ${reason} and counted` : 'harmless'}, and the model stays finite`, async () => {
        const out = await run(policy, attack);
        const byz = out.records.filter((r) => r.byzantine);
        assert.equal(byz.length, 40);
        if (reason) for (const r of byz) assert.deepEqual([r.decision.accepted, r.decision.reason], [false, reason]);
        assert.ok(allFinite(out.finalParams));
        // Only accepted arrivals with something to apply (not merely buffered) advance the model version.
        assert.equal(out.records.filter((r) => r.decision.accepted && !r.decision.deferred).length, out.records[out.records.length - 1].serverVersion);
      });
    }
  }

  it('zeno++ filters sign-flipped ×10 gradients and trains where async SGD diverges', async () => {
    const flip: Attack = {
      name: 'flip',
      acts: [{ on: 'vector' }],
      craft: (h, o) => {
        for (let i = 0; i < h.length; i++) o[i] = -10 * h[i];
      },
    };
    const zeno = await run('zeno++', flip, 200);
    const plain = await run('async-sgd', flip, 200);
    const byz = zeno.records.filter((r) => r.byzantine);
    const honest = zeno.records.filter((r) => !r.byzantine);
    // Near the optimum stochastic gradients are mostly noise, so a flipped one passes about as often as an
    // honest one fails; far from it, flips are rejected. Overall most flips are rejected and honest accepted.
    assert.ok(byz.filter((r) => r.decision.accepted).length < 0.25 * byz.length);
    assert.ok(honest.filter((r) => r.decision.accepted).length > 0.7 * honest.length);
    const finalLoss = (o: typeof zeno) => o.evaluations[o.evaluations.length - 1].loss;
    assert.ok(finalLoss(zeno) < 0.05, `zeno++ final loss ${finalLoss(zeno)}`);
    assert.ok(!(finalLoss(plain) < 100 * finalLoss(zeno)), `async-sgd final loss ${finalLoss(plain)}`);
  });

  it('stops with a SimulationError saying where, when a compute job fails mid-run', async () => {
    await assert.rejects(run('zeno++', sending('none', () => {}), 80, 25), (e: unknown) => {
      assert.ok(e instanceof SimulationError);
      assert.match(e.message, /thread exploded/);
      assert.match(e.message, /at t=\d+, seq=\d+, actor=\d+/);
      return true;
    });
  });
});
