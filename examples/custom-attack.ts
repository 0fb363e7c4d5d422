/**
 * A custom attack, registered by name: send the honest gradient with its coordinates in reverse order (same
 * norm, so norm-based filters cannot see it), then compare plain async SGD with Zeno++.
 * Run: npx tsx examples/custom-attack.ts [steps]
 */
import { z } from 'zod';
import { defineAttack, registerAttack, simulate } from 'byzsim';

registerAttack('reverse', {
  params: z.strictObject({}),
  create: () =>
    defineAttack('reverse', (honest, out) => {
      for (let i = 0, n = honest.length; i < n; i++) out[i] = honest[n - 1 - i];
    }),
  summary: 'Sends the honest gradient with its coordinates reversed (example).',
  citation: 'examples/custom-attack.ts',
});

const steps = Number(process.argv[2] ?? 600);
for (const policy of [{ name: 'async-sgd' }, { name: 'zeno++' }]) {
  const { summary } = await simulate(
    { task: 'mnist-softmax', byzantine: { count: 6, assignment: 'bernoulli', attack: { name: 'reverse' } }, policy, steps },
    { threads: 0 },
  );
  console.log(`${policy.name} vs reverse: accuracy ${(100 * summary.final.testAccuracy).toFixed(1)}%`);
}
