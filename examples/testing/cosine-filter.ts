/**
 * A user's own asynchronous filter, registered by name: accept a gradient only if it points the same way as the
 * server's validation gradient v (cos(g, v) ≥ minCos) and is not much longer (‖g‖ ≤ maxRatio·‖v‖). v is
 * recomputed on the server's validation data every `refreshEvery` arrivals, as in Zeno++.
 */
import { z } from 'zod';
import { accept, defineFilter, registerFilter, reject } from 'byzsim';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

registerFilter('cosine', {
  params: z.strictObject({
    minCos: z.number().min(-1).max(1).default(0),
    maxRatio: z.number().positive().default(4),
    refreshEvery: z.int().positive().default(4),
    validationBatch: z.int().positive().default(16),
  }),
  create: ({ minCos, maxRatio, refreshEvery, validationBatch }) =>
    defineFilter({
      name: 'cosine',
      refreshEvery,
      validationBatch,
      judge(g, { validation: v }, out) {
        const gn = Math.sqrt(dot(g, g));
        const vn = Math.sqrt(dot(v!, v!));
        const cos = dot(g, v!) / (gn * vn || 1);
        if (cos < minCos || gn > maxRatio * vn) return reject('score', cos);
        out.set(g);
        return accept(cos);
      },
    }),
  summary: 'Accepts g iff cos(g, v) ≥ minCos and ‖g‖ ≤ maxRatio·‖v‖ (example).',
  citation: 'examples/testing/cosine-filter.ts',
});
