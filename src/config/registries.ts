import type { z } from 'zod';
import type { Attack } from '../attacks/attack.js';
import { createAttack, type AttackEntry } from '../attacks/registry.js';
import { register } from '../core/registry.js';
import type { Rng } from '../core/rng.js';
import type { Aggregator } from '../policies/aggregators/aggregator.js';
import { createAggregator, type AggregatorEntry } from '../policies/aggregators/registry.js';
import type { AsyncFilter } from '../policies/filters/filter.js';
import { createFilter, type FilterEntry, type FilterSetup } from '../policies/filters/registry.js';
import type { TaskEntry } from '../tasks/task-entry.js';
import type { TimingEntry } from '../timing/timing.js';
import { buildRunConfigSchema, builtinTables, type RegistryTables, type runConfigSchema } from './schema.js';

/**
 * A catalogue of rules, attacks, timing models and tasks by name: the built-in ones plus whatever was registered on
 * this instance. Configs are resolved and runs built against one instance (`resolveConfig(input, registries)`,
 * `simulate(input, { registries })`), so two instances never see each other's registrations: tests and
 * embedders can register names in parallel without touching anyone else. {@link defaultRegistries} is the one
 * used when none is given (and the one the CLI and the top-level `registerFilter`, ... write to).
 */
export class Registries implements RegistryTables {
  readonly filters: Record<string, FilterEntry>;
  readonly aggregators: Record<string, AggregatorEntry>;
  readonly attacks: Record<string, AttackEntry>;
  readonly timings: Record<string, TimingEntry>;
  readonly tasks: Record<string, TaskEntry>;
  /** The config schema of this catalogue; dropped by every registration and rebuilt on demand. */
  #schema: typeof runConfigSchema | undefined;

  /** A catalogue holding the built-in entries, plus those of `base` if given (copied: later registrations on either stay apart). */
  constructor(base: RegistryTables = builtinTables) {
    this.filters = { ...base.filters };
    this.aggregators = { ...base.aggregators };
    this.attacks = { ...base.attacks };
    this.timings = { ...base.timings };
    this.tasks = { ...base.tasks };
  }

  /** Makes a custom asynchronous filter available by name (configs, sweeps, `byzsim list`). */
  registerFilter<S extends z.ZodObject>(name: string, entry: FilterEntry<S>): this {
    return this.#add(this.filters, 'filter', name, entry as unknown as FilterEntry);
  }

  /** Makes a custom synchronous aggregator available by name. */
  registerAggregator<S extends z.ZodObject>(name: string, entry: AggregatorEntry<S>): this {
    return this.#add(this.aggregators, 'aggregator', name, entry as unknown as AggregatorEntry);
  }

  /** Makes a custom attack available by name. */
  registerAttack<S extends z.ZodObject>(name: string, entry: AttackEntry<S>): this {
    return this.#add(this.attacks, 'attack', name, entry as unknown as AttackEntry);
  }

  /** Makes a custom timing model available by name (`timing.model`). */
  registerTiming<S extends z.ZodObject>(name: string, entry: TimingEntry<S>): this {
    return this.#add(this.timings, 'timing model', name, entry as unknown as TimingEntry);
  }

  /**
   * Makes a custom task available by name (config field `task`). To run it on pool threads too, give the entry a
   * `module` (the URL of a module whose default export is the entry); without one it runs inline only.
   */
  registerTask<S extends z.ZodObject>(name: string, entry: TaskEntry<S>): this {
    return this.#add(this.tasks, 'task', name, entry as unknown as TaskEntry);
  }

  /** The filter `name` of this catalogue (see `createFilter`). */
  createFilter(name: string, params: unknown = {}, prefix = 'policy', setup: FilterSetup = { workers: 1 }): AsyncFilter {
    return createFilter(name, params, prefix, { aggregators: this.aggregators, ...setup }, this.filters);
  }

  /** The aggregator `name` of this catalogue (see `createAggregator`). */
  createAggregator(name: string, params: unknown = {}, prefix = 'policy', rng?: Rng): Aggregator {
    return createAggregator(name, params, prefix, rng, this.aggregators);
  }

  /** The attack `name` of this catalogue (see `createAttack`). */
  createAttack(name: string, params: unknown = {}, prefix = 'byzantine.attack'): Attack {
    return createAttack(name, params, prefix, this.attacks);
  }

  /** The run config schema for this catalogue as it stands now. */
  schema(): typeof runConfigSchema {
    this.#schema ??= buildRunConfigSchema(this);
    return this.#schema;
  }

  #add<E>(table: Record<string, E>, kind: string, name: string, entry: E): this {
    register(table, kind, name, entry);
    this.#schema = undefined;
    return this;
  }
}

/** The catalogue used when none is passed: the built-ins plus what was registered with `registerFilter`, .... */
export const defaultRegistries = new Registries();

/** Registers a filter in {@link defaultRegistries}. */
export const registerFilter = <S extends z.ZodObject>(name: string, entry: FilterEntry<S>): void => void defaultRegistries.registerFilter(name, entry);
/** Registers an aggregator in {@link defaultRegistries}. */
export const registerAggregator = <S extends z.ZodObject>(name: string, entry: AggregatorEntry<S>): void => void defaultRegistries.registerAggregator(name, entry);
/** Registers an attack in {@link defaultRegistries}. */
export const registerAttack = <S extends z.ZodObject>(name: string, entry: AttackEntry<S>): void => void defaultRegistries.registerAttack(name, entry);
/** Registers a timing model in {@link defaultRegistries}. */
export const registerTiming = <S extends z.ZodObject>(name: string, entry: TimingEntry<S>): void => void defaultRegistries.registerTiming(name, entry);
/** Registers a task in {@link defaultRegistries}. */
export const registerTask = <S extends z.ZodObject>(name: string, entry: TaskEntry<S>): void => void defaultRegistries.registerTask(name, entry);
