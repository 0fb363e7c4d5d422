/**
 * A custom asynchronous policy, registered by name and used like a built-in one: accept a gradient only if its
 * norm is at most `maxNorm` (a crude magnitude filter), applied unchanged.
 * Run: npx tsx examples/custom-policy.ts [steps]
 */
import { z } from 'zod';
import { accept, defineFilter, registerFilter, reject, simulate } from 'byzsim';

const normCapParams = z.strictObject({ maxNorm: z.number().positive().default(1) });

registerFilter('norm-cap', {
  params: normCapParams,
  create: ({ maxNorm }) =>
    defineFilter({
      name: 'norm-cap',
      refreshEvery: 0, // no validation gradient needed
      validationBatch: 0,
      judge(g, _ctx, out) {
        let sq = 0;
        for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
        const norm = Math.sqrt(sq);
        if (norm > maxNorm) return reject('score', norm);
        out.set(g);
        return accept(norm);
      },
    }),
  summary: 'Accepts gradients whose norm is at most maxNorm (example).',
  citation: 'examples/custom-policy.ts',
});

const steps = Number(process.argv[2] ?? 600);
const { summary } = await simulate(
  {
    task: 'mnist-softmax',
    byzantine: { count: 4, attack: { name: 'sign-flip', scale: 10 } },
    policy: { name: 'norm-cap', maxNorm: 2 },
    steps,
  },
  { threads: 0 },
);
console.log(`norm-cap: accuracy ${(100 * summary.final.testAccuracy).toFixed(1)}%, FN ${(100 * summary.arrivals.falseNegativeRate).toFixed(1)}%, FP ${(100 * summary.arrivals.falsePositiveRate).toFixed(1)}%`);
