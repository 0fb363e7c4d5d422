import type { z } from 'zod';
import { lookup } from '../../core/registry.js';
import type { Rng } from '../../core/rng.js';
import { parseParams, toConfigError } from '../../core/zod-issues.js';
import { createPreAggregator, preChainSchema } from '../preaggregators/registry.js';
import { withPreAggregators } from '../preaggregators/with-preaggregators.js';
import type { Aggregator } from './aggregator.js';
import { bulyan, bulyanParams } from './bulyan.js';
import { caf, cafParams } from './caf.js';
import { centeredClipping, centeredClippingParams } from './centered-clipping.js';
import { fltrust, fltrustParams, type FltrustOptions } from './fltrust.js';
import { geometricMedian, geometricMedianParams } from './geometric-median.js';
import { krum, krumParams } from './krum.js';
import { mda, mdaParams } from './mda.js';
import { meamed, meamedParams } from './meamed.js';
import { mean, meanParams, type MeanOptions } from './mean.js';
import { median, medianParams, type MedianOptions } from './median.js';
import { monna, monnaParams } from './monna.js';
import { multiKrum, multiKrumParams } from './multi-krum.js';
import { smea, smeaParams } from './smea.js';
import { trimmedMean, trimmedMeanParams } from './trimmed-mean.js';
import { zeno, zenoParams } from './zeno.js';

/** A catalogue entry: the strict params schema, a factory, and what to show in `byzsim list`. */
export interface AggregatorEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  /** Builds the aggregator from parameters already resolved by `params`; errors name fields under `prefix`. */
  create(params: z.output<S>, prefix?: string): Aggregator;
  readonly summary: string;
  readonly citation: string;
}

const blanchard = 'Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017.';
const yin = 'Yin, Chen, Ramchandran, Bartlett. Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates. ICML 2018.';

/** Every synchronous aggregator, by the name used in configs. */
export const aggregators = {
  mean: {
    params: meanParams,
    // A wrapper, not `mean` itself: its optional `{}`-typed parameter cannot be compared with the generic one.
    create: (params: MeanOptions, prefix?: string) => mean(params, prefix),
    summary: 'Arithmetic mean (1/n)Σxᵢ: no defence, one Byzantine vector moves it anywhere.',
    citation: blanchard,
  },
  median: {
    params: medianParams,
    create: (params: MedianOptions, prefix?: string) => median(params, prefix),
    summary: 'Coordinate-wise median; for even n the average of the two middle values.',
    citation: yin,
  },
  'trimmed-mean': {
    params: trimmedMeanParams,
    create: trimmedMean,
    summary: 'Coordinate-wise mean after dropping the b largest and b smallest values; requires 2b < n.',
    citation: yin,
  },
  'geometric-median': {
    params: geometricMedianParams,
    create: geometricMedian,
    summary: 'argmin_z Σ‖z − xᵢ‖ by smoothed Weiszfeld iterations (RFA).',
    citation: 'Pillutla, Kakade, Harchaoui. Robust Aggregation for Federated Learning. IEEE TSP 2022 (arXiv:1912.13445).',
  },
  krum: {
    params: krumParams,
    create: krum,
    summary: 'The vector with the smallest sum of squared distances to its n − f − 2 nearest others; requires n > 2f + 2.',
    citation: blanchard,
  },
  'multi-krum': {
    params: multiKrumParams,
    create: multiKrum,
    summary: 'Average of the m vectors with the lowest Krum scores (default m = n − f); requires n > 2f + 2.',
    citation: blanchard,
  },
  bulyan: {
    params: bulyanParams,
    create: bulyan,
    summary: 'θ = n − 2f vectors by recursive Krum, then per coordinate the mean of the θ − 2f values closest to the median; requires n ≥ 4f + 3.',
    citation: 'El Mhamdi, Guerraoui, Rouault. The Hidden Vulnerability of Distributed Learning in Byzantium. ICML 2018.',
  },
  'centered-clipping': {
    params: centeredClippingParams,
    create: centeredClipping,
    summary: 'v ← v + (1/n)Σ(xᵢ − v)·min(1, τ/‖xᵢ − v‖), L times, from the previous aggregate.',
    citation: 'Karimireddy, He, Jaggi. Learning from History for Byzantine Robust Optimization. ICML 2021.',
  },
  meamed: {
    params: meamedParams,
    create: meamed,
    summary: 'Coordinate-wise mean of the n − f values closest to the median; requires 2f < n.',
    citation: 'Xie, Koyejo, Gupta. Generalized Byzantine-tolerant SGD. arXiv:1802.10116, 2018.',
  },
  mda: {
    params: mdaParams,
    create: mda,
    summary: 'Minimum-diameter averaging: the mean of the n − f vectors with the smallest diameter (exact enumeration of C(n, f) subsets); requires 2f < n.',
    citation: 'El Mhamdi, Guerraoui, Guirguis, Hoang, Rouault. Genuinely Distributed Byzantine Machine Learning. PODC 2020.',
  },
  monna: {
    params: monnaParams,
    create: monna,
    summary: "The mean of the n − f vectors nearest a trusted vector (input idx; in a sync run, worker idx; or the server's gradient); requires 2f < n.",
    citation: 'Farhadkhani, Guerraoui, Gupta, Hoang, Pinot, Stephan. Robust Collaborative Learning with Linear Gradient Overhead. ICML 2023.',
  },
  caf: {
    params: cafParams,
    create: caf,
    summary: 'Covariance-bound agnostic filter: downweights vectors along the top covariance eigenvector until Σc ≤ n − 2f; the mean at the smallest top eigenvalue.',
    citation: 'Allouah, Guerraoui, Stephan. Towards Trustworthy Federated Learning with Untrusted Participants. ICML 2025.',
  },
  smea: {
    params: smeaParams,
    create: smea,
    summary: 'The mean of the n − f vectors whose covariance has the smallest top eigenvalue (exact enumeration); requires 2f < n.',
    citation: 'Allouah, Guerraoui, Gupta, Pinot, Stephan. On the Privacy-Robustness-Utility Trilemma in Distributed Learning. ICML 2023.',
  },
  fltrust: {
    params: fltrustParams,
    create: (params: FltrustOptions, prefix?: string) => fltrust(params, prefix),
    summary: 'Trust scores ReLU(cos(xᵢ, g₀)) against the server gradient g₀ on fresh validation samples each round; vectors rescaled to ‖g₀‖ and averaged by trust. Sync mode.',
    citation: 'Cao, Fang, Liu, Gong. FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping. NDSS 2021.',
  },
  zeno: {
    params: zenoParams,
    create: zeno,
    summary: 'Scores f_r(x) − f_r(x − γu) − ρ‖u‖² on a server minibatch (pool jobs) and averages the m − b best; b < m. No pre-aggregation.',
    citation: 'Xie, Koyejo, Gupta. Zeno: Distributed SGD with Suspicion-based Fault-tolerance. ICML 2019, PMLR 97:6893-6901.',
  },
} satisfies Record<string, AggregatorEntry>;

/** A registered aggregator name. */
export type AggregatorName = keyof typeof aggregators;

/**
 * Builds the aggregator `name` from user parameters. A `pre` list among them (`[{ "name": "nnm", "f": 2 }, ...]`)
 * puts those pre-aggregation steps before the rule, in order; `rng` seeds the steps that draw (bucketing) and
 * defaults to seed 0. Throws a ConfigError for an unknown name (listing the known ones) or for bad parameters
 * (naming the field under `prefix`, the value and what was expected). Preconditions on n (Krum's n > 2f + 2,
 * ...) are checked when vectors arrive, since n is known only then.
 */
export function createAggregator(
  name: string,
  params: unknown = {},
  prefix = 'policy',
  rng?: Rng,
  table: Readonly<Record<string, AggregatorEntry>> = aggregators,
): Aggregator {
  const entry: AggregatorEntry = lookup<AggregatorEntry>(table, 'aggregator', name, prefix);
  const hasPre = params !== null && typeof params === 'object' && Object.hasOwn(params, 'pre');
  const { pre, ...rest } = hasPre ? (params as { pre: unknown }) : { pre: undefined, ...(params as object) };
  const rule = entry.create(parseParams(entry.params, hasPre ? rest : params, prefix), prefix);
  if (!hasPre) return rule;
  const chain = preChainSchema.safeParse(pre, { reportInput: true });
  if (!chain.success) throw toConfigError(chain.error, `${prefix}.pre`, undefined, preChainSchema, pre);
  const steps = chain.data.map(({ name: step, ...stepParams }, i) => createPreAggregator(step, stepParams, `${prefix}.pre[${i}]`));
  return withPreAggregators(steps, rule, prefix, rng);
}
