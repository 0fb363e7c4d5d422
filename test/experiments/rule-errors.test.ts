import assert from 'node:assert/strict';
import { z } from 'zod';
import { Registries } from '../../src/config/registries.js';
import { simulate } from '../../src/experiments/simulate.js';
import { defineAggregator } from '../../src/policies/aggregators/aggregator.js';
import { buffered } from '../../src/policies/filters/buffered.js';
import type { ArrivalContext } from '../../src/policies/filters/filter.js';

/** A rule with a bug: it throws a RangeError on real vectors (the one-dimensional dry runs pass). */
function faultyRegistries(): Registries {
  return new Registries().registerAggregator('faulty', {
    params: z.strictObject({}),
    create: () =>
      defineAggregator(
        {
          name: 'faulty',
          requirements: [],
          combine(rows, out) {
            if (out.length > 1) throw new RangeError('index out of range (a bug in the rule)');
            out.set(rows[0]);
          },
        },
        'policy',
      ),
    summary: 'throws on purpose',
    citation: 'test',
  });
}

describe('a bug in a rule is never taken for a skipped round', () => {
  it('the sync server stops the run and names the round and the rule (it used to skip every round)', async () => {
    const task = { name: 'linreg', features: 3, samples: 300, validationSize: 30, testSize: 30 } as const;
    const run = simulate({ task, mode: 'sync', workers: 4, steps: 3, evalEvery: 3, optimizer: { lr: 0.05, batchSize: 8 }, policy: { name: 'faulty' } }, { threads: 0, registries: faultyRegistries() });
    await assert.rejects(run, (e: unknown) => e instanceof Error && /sync server, round 0: faulty failed on 4 vectors: index out of range/.test(e.message));
  });

  it('buffered rethrows it instead of rejecting the arrival as too-few', () => {
    const registries = faultyRegistries();
    const filter = buffered({ size: 2, aggregator: { name: 'faulty' } }, { workers: 2, aggregators: registries.aggregators });
    const x = new Float32Array(3);
    const ctx: ArrivalContext = { validation: undefined, lr: 0.1, initialLr: 0.1, staleness: 0, worker: 0, baseParams: x, currentParams: x };
    const out = new Float32Array(3);
    assert.equal(filter.decide(Float32Array.of(1, 2, 3), ctx, out).deferred, true);
    assert.throws(() => filter.decide(Float32Array.of(1, 2, 3), ctx, out), /index out of range/);
  });
});
