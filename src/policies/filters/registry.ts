import type { z } from 'zod';
import { lookup } from '../../core/registry.js';
import { parseParams } from '../../core/zod-issues.js';
import { asyncSgd, asyncSgdParams } from './async-sgd.js';
import { basgd, basgdParams } from './basgd.js';
import { buffered, bufferedParams } from './buffered.js';
import { fedAsync, fedAsyncParams } from './fedasync.js';
import { fedBuff, fedBuffParams } from './fedbuff.js';
import type { AsyncFilter } from './filter.js';
import type { Rng } from '../../core/rng.js';
import type { AggregatorEntry } from '../aggregators/registry.js';
import { kardam, kardamParams } from './kardam.js';
import { serverOnly, serverOnlyParams } from './server-only.js';
import { zenoPlusPlus, zenoPlusPlusParams } from './zeno-plus-plus.js';

/** What a filter may need to know about the run besides its own parameters (e.g. Kardam's f < n/3). */
export interface FilterSetup {
  /** Number of workers n. */
  readonly workers: number;
  /** The run's branch of the RNG tree for filters that draw (buffered's pre-aggregation). @default seed 0 */
  readonly rng?: Rng;
  /** The aggregators a filter may name (buffered's rule). @default the built-in ones */
  readonly aggregators?: Readonly<Record<string, AggregatorEntry>>;
}

/** A catalogue entry: the strict params schema, a factory, and what to show in `byzsim list`. */
export interface FilterEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  /** Builds the filter from parameters already resolved by `params`; throws a ConfigError on a failed precondition. */
  create(params: z.output<S>, setup: FilterSetup): AsyncFilter;
  readonly summary: string;
  readonly citation: string;
}

/** Every asynchronous filter, by the name used in configs. */
export const filters = {
  'async-sgd': {
    params: asyncSgdParams,
    create: asyncSgd,
    summary: 'Plain asynchronous SGD: applies every well-formed gradient (no defence).',
    citation: 'Baseline in Xie, Koyejo, Gupta, Zeno++, ICML 2020.',
  },
  'zeno++': {
    params: zenoPlusPlusParams,
    create: zenoPlusPlus,
    summary: 'Accepts g iff γ⟨v, g~⟩ − ρ‖g~‖² ≥ −γε, with v a server-side validation gradient refreshed every K arrivals.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020, PMLR 119:10495-10503.',
  },
  kardam: {
    params: kardamParams,
    create: kardam,
    summary: "Accepts g iff its empirical Lipschitz coefficient ‖g − g'‖/‖x − x'‖ is within a percentile of recent ones (variants: paper, java, zeno-baseline; percentile linear, legacy or nearest-rank, the last without interpolation, for paper and java); optional staleness dampening. Needs f < n/3.",
    citation: 'Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018, PMLR 80:1145-1154.',
  },
  buffered: {
    params: bufferedParams,
    create: buffered,
    summary: 'Any synchronous aggregator run asynchronously on buffers of B arrivals (one step per full buffer).',
    citation: 'Buffered asynchronous aggregation, cf. Nguyen et al., FedBuff, AISTATS 2022; the rule is the chosen aggregator.',
  },
  fedasync: {
    params: fedAsyncParams,
    create: fedAsync,
    summary: 'FedAsync: mixes each sender\'s local model in, x ← (1 − α·s(τ))·x + α·s(τ)·x_new (no defence).',
    citation: 'Xie, Koyejo, Gupta. Asynchronous Federated Optimization. arXiv:1903.03934, 2019.',
  },
  fedbuff: {
    params: fedBuffParams,
    create: fedBuff,
    summary: 'FedBuff: one server step per K updates along their staleness-weighted mean (buffered with the mean).',
    citation: 'Nguyen et al. Federated Learning with Buffered Asynchronous Aggregation. AISTATS 2022.',
  },
  basgd: {
    params: basgdParams,
    create: basgd,
    summary: 'BASGD: B buffers (worker id mod B) of running averages; a robust rule over the B averages once all are filled.',
    citation: 'Yang, Li. BASGD: Buffered Asynchronous SGD for Byzantine Learning. ICML 2021.',
  },
  'server-only': {
    params: serverOnlyParams,
    create: serverOnly,
    summary: 'Baseline: ignores every worker; one step on the server validation gradient every K arrivals.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (server-only baseline).',
  },
} satisfies Record<string, FilterEntry>;

/** A registered filter name. */
export type FilterName = keyof typeof filters;

/**
 * Builds the filter `name` from user parameters. Throws a ConfigError for an unknown name (listing the
 * known ones) or for bad parameters (naming the field under `prefix`, the value and what was expected).
 */
export function createFilter(
  name: string,
  params: unknown = {},
  prefix = 'policy',
  setup: FilterSetup = { workers: 1 },
  table: Readonly<Record<string, FilterEntry>> = filters,
): AsyncFilter {
  const entry: FilterEntry = lookup<FilterEntry>(table, 'filter', name, prefix);
  return entry.create(parseParams(entry.params, params, prefix), setup);
}
