import assert from 'node:assert/strict';
import type { Compute, Job } from '../../src/compute/jobs.js';
import { createCompute } from '../../src/compute/create.js';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';
import { simulate } from '../../src/experiments/simulate.js';

const linreg = { name: 'linreg', samples: 600, validationSize: 50, testSize: 50 };
const sync = (policy: object) => ({ task: linreg, mode: 'sync', workers: 5, steps: 12, evalEvery: 5, policy });

/** An inline compute that tallies the jobs it is sent, by kind, independently of the run's own count. */
async function spyCompute(config: object): Promise<{ compute: Compute; seen: Record<Job['kind'], number> & { localSteps: number } }> {
  const inner = await createCompute({ task: taskSpecOf(resolveConfig(config)), backend: 'auto', threads: 0 });
  const seen = { gradient: 0, local: 0, localSteps: 0, loss: 0, evaluate: 0 };
  const compute: Compute = {
    backend: inner.backend,
    run: (job) => {
      seen[job.kind] += 1;
      if (job.kind === 'local') seen.localSteps += job.steps;
      return inner.run(job);
    },
    close: () => inner.close(),
  };
  return { compute, seen };
}

describe("the summary's computeJobs: every job a run sends to its compute, the server's included", function () {
  this.timeout(60_000);

  it("sync Zeno: the workers' gradients and the server's losses (one before, one per candidate's trial step, each round), the same on a pool", async () => {
    const config = sync({ name: 'zeno', b: 1, validationBatch: 8 });
    const { summary, evaluations } = await simulate(config, { threads: 0 });
    assert.deepEqual(summary.computeJobs, { gradient: 12 * 5, local: 0, localSteps: 0, loss: 12 * (1 + 5), evaluate: evaluations.length });
    assert.equal(summary.wall.gradientsPerSecond, (12 * 5) / summary.wall.simulationSeconds);
    const pool = await simulate(config, { threads: 1 });
    assert.deepEqual(pool.summary.computeJobs, summary.computeJobs);
  });

  it("sync FLTrust: the workers' gradients plus the server's reference gradient each round", async () => {
    const { summary } = await simulate(sync({ name: 'fltrust', validationBatch: 8 }), { threads: 0 });
    assert.equal(summary.computeJobs.gradient, 12 * 5 + 12);
    assert.equal(summary.computeJobs.loss, 0);
  });

  it("async Zeno++ with local training and an omniscient attack: exactly the jobs its compute received", async () => {
    const config = {
      task: linreg, workers: 5, steps: 40, evalEvery: 10, seed: 4,
      local: { steps: 3 }, policy: { name: 'zeno++', validationBatch: 8 },
      byzantine: { count: 1, attack: { name: 'ipm' } },
    };
    const { compute, seen } = await spyCompute(config);
    try {
      const { summary } = await simulate(config, { compute });
      assert.deepEqual(summary.computeJobs, seen);
      assert.ok(seen.local > 0 && seen.localSteps === 3 * seen.local, JSON.stringify(seen));
      // No worker sends a plain gradient here: the gradient jobs are the attack's true gradients (one per Byzantine push) and the validator's.
      assert.ok(seen.gradient > summary.arrivals.byzantine, `${seen.gradient} gradient jobs, ${summary.arrivals.byzantine} Byzantine pushes`);
      assert.equal(summary.wall.gradientsPerSecond, (seen.gradient + seen.localSteps) / summary.wall.simulationSeconds);
    } finally {
      await compute.close();
    }
  });
});
