import { z } from 'zod';
import { byzantineCount } from './byzantine-count.js';
import { distance } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { PreconditionError } from '../../core/errors.js';
import { defineAggregator, type Aggregator, type CombineContext } from './aggregator.js';
import { meanOfRows } from './mean.js';
import { requirement } from './precondition.js';

export const monnaParams = z.strictObject({
  /** f, Byzantine vectors tolerated; requires 2f < n. Required. */
  f: byzantineCount,
  /**
   * The trusted vector: the input at position idx (`context.senders`, when given, names the inputs: in a sync run
   * idx is the worker id; Byzantine workers are the lowest ids by default, so pick an honest one), or 'server': the
   * server's own gradient on `validationBatch` validation samples (sync mode), as FLTrust's. @default 0 (as ByzFL)
   */
  idx: z.union([z.int().min(0), z.literal('server')]).default(0),
  /** With idx = 'server': validation samples in the server's gradient, drawn afresh each round. @default 64 (with 'server') */
  validationBatch: z.int().positive().optional(),
});

export type MonnaOptions = z.input<typeof monnaParams>;

/**
 * MoNNA: the mean of the n − f vectors nearest the trusted vector x_idx (x_idx itself included); equal distances
 * go to the lower index. With idx = 'server' the trusted vector is the server's gradient (`context.reference`),
 * which is not one of the inputs.
 * @see Farhadkhani, Guerraoui, Gupta, Hoang, Pinot, Stephan. Robust Collaborative Learning with Linear Gradient
 * Overhead. ICML 2023; byzfl/aggregators/aggregators.py `MoNNA`.
 */
export function monna(options: MonnaOptions, prefix = 'policy'): Aggregator {
  const { f, idx, validationBatch } = parseParams(monnaParams, options, prefix);
  const requirements = [requirement('f', f, '2f < n', (n, budget) => 2 * budget < n)];
  return defineAggregator(
    {
      name: 'monna',
      budget: f,
      requirements,
      ...(idx === 'server' ? { needsReference: validationBatch ?? 64 } : {}),
      combine(rows, out, selected, context) {
        const trusted = idx === 'server' ? context.reference! : rows[trustedRow(idx, rows.length, context, prefix)];
        const dist = rows.map((x) => distance(x, trusted));
        const chosen = rows
          .map((_, i) => i)
          .sort((a, b) => dist[a] - dist[b] || a - b)
          .slice(0, rows.length - context.budget)
          .sort((a, b) => a - b);
        meanOfRows(chosen.map((i) => rows[i]), out);
        selected.push(...chosen);
      },
    },
    prefix,
  );
}

/**
 * The row holding the trusted sender idx's vector: sender ids come from `context.senders` (input positions when
 * none were given, mapped past dropped non-finite inputs). A trusted vector that is missing (never sent, or
 * dropped as non-finite) is a PreconditionError: a run skips the round rather than trust another vector.
 */
function trustedRow(idx: number, n: number, context: CombineContext, prefix: string): number {
  if (context.senders === undefined) {
    if (idx < n) return idx;
    throw PreconditionError.at(`${prefix}.idx`, `expected idx < n (n = ${n}), got idx = ${idx}`);
  }
  const row = context.senders.indexOf(idx);
  if (row >= 0) return row;
  throw PreconditionError.at(`${prefix}.idx`, `expected the trusted vector (sender ${idx}) among the ${n} finite vectors aggregated, got none: it was not sent, or contained NaN or ±Infinity`);
}
