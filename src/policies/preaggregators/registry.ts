import { z } from 'zod';
import { lookup } from '../../core/registry.js';
import { parseParams } from '../../core/zod-issues.js';
import { arc, arcParams } from './arc.js';
import { bucketing, bucketingParams } from './bucketing.js';
import { clipping, clippingParams } from './clipping.js';
import { nnm, nnmParams } from './nnm.js';
import type { PreAggregator } from './preaggregator.js';

/** A catalogue entry: strict params, factory, what `byzsim list` shows. */
export interface PreAggregatorEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  create(params: z.output<S>): PreAggregator;
  readonly summary: string;
  readonly citation: string;
}

/** Every pre-aggregation step, by the name used in a rule's `pre` list. */
export const preAggregators = {
  nnm: {
    params: nnmParams,
    create: nnm,
    summary: 'Nearest-neighbour mixing: each vector replaced by the mean of its n − f nearest (itself included).',
    citation: 'Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan. Fixing by Mixing. AISTATS 2023.',
  },
  bucketing: {
    params: bucketingParams,
    create: bucketing,
    summary: 'Seeded random buckets of s vectors, each replaced by its mean (⌈n/s⌉ vectors out).',
    citation: 'Karimireddy, He, Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing. ICLR 2022.',
  },
  clipping: {
    params: clippingParams,
    create: clipping,
    summary: 'Static clipping: each vector scaled to norm at most c.',
    citation: 'LPD-EPFL/byzfl, byzfl/aggregators/preaggregators.py (Clipping).',
  },
  arc: {
    params: arcParams,
    create: arc,
    summary: 'Adaptive robust clipping: the k = ⌊2(f/n)(n − f)⌋ largest vectors clipped to the norm of the (k+1)-th largest.',
    citation: 'Allouah, Guerraoui, Gupta, Jellouli, Rizk, Stephan. The Vital Role of Gradient Clipping in Byzantine-Resilient Distributed Learning. arXiv:2405.14432, 2024.',
  },
} satisfies Record<string, PreAggregatorEntry>;

/** A pre-aggregation step as configured: its name plus its parameters. */
export type PreAggregatorSpec = { readonly name: string } & Readonly<Record<string, unknown>>;

const names = Object.keys(preAggregators);

/**
 * The schema of a `pre` list: each entry `{ "name": ..., parameters }`, checked strictly against its step's
 * params and filled with defaults; an unknown name lists the known ones.
 */
export const preChainSchema = z.array(
  z
    .object({ name: z.string({ error: `expected a pre-aggregator name, one of ${names.join(', ')}` }) })
    .loose()
    .check((ctx) => {
      if (!names.includes(ctx.value.name)) {
        ctx.issues.push({ code: 'custom', path: ['name'], input: ctx.value.name, message: `unknown pre-aggregator ${JSON.stringify(ctx.value.name)}; expected one of ${names.join(', ')}` });
      }
    })
    .pipe(
      z.discriminatedUnion(
        'name',
        names.map((n) => (preAggregators as Record<string, PreAggregatorEntry>)[n].params.extend({ name: z.literal(n) })) as unknown as [z.ZodObject, ...z.ZodObject[]],
      ) as unknown as z.ZodType<PreAggregatorSpec, { name: string; [k: string]: unknown }>,
    ),
) as unknown as z.ZodType<PreAggregatorSpec[], Array<{ name: string; [k: string]: unknown }>>;

/** The step `name` from user parameters; a ConfigError naming `${prefix}.<param>` otherwise. */
export function createPreAggregator(name: string, params: unknown = {}, prefix = 'policy.pre.0'): PreAggregator {
  const entry: PreAggregatorEntry = lookup<PreAggregatorEntry>(preAggregators, 'pre-aggregator', name, prefix);
  return entry.create(parseParams(entry.params, params, prefix));
}
