import { z } from 'zod';
import { attacks as builtinAttacks, type AttackEntry } from '../attacks/registry.js';
import { aggregators as builtinAggregators, type AggregatorEntry } from '../policies/aggregators/registry.js';
import { preChainSchema } from '../policies/preaggregators/registry.js';
import { filters as builtinFilters, type FilterEntry } from '../policies/filters/registry.js';
import { buildTimingSchema, timingIssues, timings as builtinTimings } from '../timing/registry.js';
import type { TimingEntry } from '../timing/timing.js';
import { faultIssues, faultSchema } from '../faults/faults.js';
import { partitions } from '../tasks/partitions/registry.js';
import { shardWeightsSchema } from '../tasks/partitions/shard-weights.js';
import { tasks as builtinTasks, type TaskEntry } from '../tasks/registry.js';
import { taskParamsSchema } from '../tasks/task-params.js';

/** A rule as configured: its registry name plus its resolved parameters. */
export type NamedParams<N extends string> = { readonly name: N } & Readonly<Record<string, unknown>>;

/** A registry-driven discriminated union on `name`: each rule's own strict params schema plus its name. */
function byName<R extends Record<string, { params: z.ZodObject }>>(registry: R, what: string) {
  const names = Object.keys(registry);
  const options = names.map((name) => registry[name].params.extend({ name: z.literal(name) }));
  const union = z.discriminatedUnion('name', options as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<
    NamedParams<Extract<keyof R, string>>,
    { name: string; [k: string]: unknown }
  >;
  // Check the name first so an unknown one gets a message listing the catalogue.
  return z
    .object({ name: z.string({ error: `expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} name, one of ${names.join(', ')}` }) })
    .loose()
    .check((ctx) => {
      if (!names.includes(ctx.value.name)) {
        ctx.issues.push({
          code: 'custom',
          path: ['name'],
          input: ctx.value.name,
          message: `unknown ${what} ${JSON.stringify(ctx.value.name)}; expected one of ${names.join(', ')}`,
        });
      }
    })
    .pipe(union);
}

const positiveInt = z.int().positive();

/** The catalogue tables a config is checked against: the built-in ones, or a `Registries` instance's. */
export interface RegistryTables {
  readonly filters: Readonly<Record<string, FilterEntry>>;
  readonly aggregators: Readonly<Record<string, AggregatorEntry>>;
  readonly attacks: Readonly<Record<string, AttackEntry>>;
  readonly timings: Readonly<Record<string, TimingEntry>>;
  readonly tasks: Readonly<Record<string, TaskEntry>>;
}

/** The built-in catalogue (nothing registered). */
export const builtinTables: RegistryTables = { filters: builtinFilters, aggregators: builtinAggregators, attacks: builtinAttacks, timings: builtinTimings, tasks: builtinTasks };

/** The aggregators, each taking an optional `pre` list of pre-aggregation steps besides its own parameters. */
function aggregatorsWithPre(aggregators: RegistryTables['aggregators']) {
  return Object.fromEntries(
    Object.entries(aggregators).map(([name, entry]) => [name, { params: (entry.params as z.ZodObject).extend({ pre: preChainSchema.optional() }) }]),
  ) as unknown as { [K in keyof typeof builtinAggregators]: { params: z.ZodObject } };
}

/** Each task's own strict parameters then the split fields (a resolved mnist-softmax config carries no `hidden`, no linreg fields). */
function taskSchemas(tasks: RegistryTables['tasks']) {
  return Object.fromEntries(Object.entries(tasks).map(([name, entry]) => [name, { params: taskParamsSchema(entry) }])) as unknown as {
    [N in keyof typeof builtinTasks]: { params: z.ZodObject };
  };
}

const lrSchedule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  /** lr ← lr · factor at each milestone (counted in arrivals), as the authors' epochs 100/150 decay. */
  z.strictObject({
    type: z.literal('step'),
    milestones: z.array(positiveInt),
    factor: z.number().positive().max(1).default(0.1),
  }),
  /** lr_k = lr / sqrt(1 + k/scale), k = arrivals so far. */
  z.strictObject({ type: z.literal('inverse-sqrt'), scale: z.number().positive().default(1000) }),
]);

/** The run config: everything that determines a run's results, and nothing else. */
export const buildRunConfigSchema = ({ filters, aggregators, attacks, timings, tasks }: RegistryTables = builtinTables) => z
  .strictObject({
    /** A label for the run (folder name and tables). */
    name: z.string().min(1).optional(),
    /** A task name, or an object with the name and task parameters. */
    task: z.preprocess((v) => (typeof v === 'string' ? { name: v } : v), byName(taskSchemas(tasks), 'task')).prefault('mnist-mlp'),
    workers: positiveInt.default(10),
    /** How the training set is split over the workers (Byzantine ones included); seeded from the run seed. */
    data: z
      .strictObject({
        partition: byName(partitions, 'partition').prefault({ name: 'iid' }),
        /** Relative shard sizes (iid, gamma-similarity, extreme); dirichlet decides its own sizes. */
        sizes: shardWeightsSchema.default({ name: 'equal' }),
      })
      .prefault({}),
    byzantine: z
      .strictObject({
        count: z.int().nonnegative().default(0),
        /** fixed: the same `count` workers every time; bernoulli: each arrival is Byzantine w.p. count/workers. */
        assignment: z.enum(['fixed', 'bernoulli']).default('fixed'),
        /** Which workers are Byzantine under `fixed` assignment. */
        pick: z.enum(['lowest', 'random']).default('lowest'),
        /** Warm-up: attacks begin once the server has handled this many arrivals (async) or rounds (sync). */
        startAfter: z.int().nonnegative().default(0),
        /**
         * omniscient: in sync mode the attack sees the round's honest gradients (ipm, alie, minmax, minsum, mimic use them;
         * all but ipm are refused without them);
         * in async mode it sees the true gradient at the model it pulled (ipm, zeno++-aware); local: only its own
         * gradient and data.
         */
        knowledge: z.enum(['omniscient', 'local']).default('omniscient'),
        /**
         * Async omniscient knowledge: the true gradient at the pulled model is estimated on this many training
         * samples (capped at the training set), for attacks that use it (ipm, zeno++-aware). @default 1024
         */
        trueBatch: z.int().positive().default(1024),
        attack: byName(attacks as typeof builtinAttacks, 'attack').prefault({ name: 'sign-flip' }),
      })
      .prefault({}),
    /** async: each arrival judged alone by a filter; sync: rounds with a barrier, aggregated by a robust rule. */
    mode: z.enum(['async', 'sync']).default('async'),
    /** A filter (async mode) or an aggregator (sync mode) with its parameters. */
    policy: byName({ ...(filters as typeof builtinFilters), ...aggregatorsWithPre(aggregators) }, 'policy').prefault({ name: 'async-sgd' }),
    sync: z
      .strictObject({
        /** Stragglers per round not waited for: the server aggregates the first n − k pushes (virtual time). */
        dropSlowest: z.int().nonnegative().default(0),
      })
      .prefault({}),
    optimizer: z
      .strictObject({
        lr: z.number().positive().default(0.1),
        batchSize: positiveInt.default(32),
        weightDecay: z.number().nonnegative().default(0),
        schedule: lrSchedule.default({ type: 'constant' }),
        /**
         * Momentum, both off when absent. `server`: β_s, the server keeps v ← β_s·v + d and steps along v (sync and
         * async). `worker`: β_w, each worker sends its momentum m instead of its gradient, m ← β_w·m + (1 − β_w)·g
         * ('ema', Karimireddy et al.) or m ← β_w·m + g ('heavy-ball', El-Mhamdi et al.); Byzantine workers keep one
         * too, and attacks act on it.
         */
        momentum: z
          .strictObject({
            server: z.number().min(0).lt(1).default(0),
            worker: z.number().min(0).lt(1).default(0),
            workerForm: z.enum(['ema', 'heavy-ball']).default('ema'),
          })
          .optional(),
      })
      .prefault({}),
    /**
     * Local training on workers (federated learning): each pull, `steps` SGD steps at rate `lr` on the worker's own
     * shard, then the worker sends its update u = (x_pulled − x_local)/lr, the sum of its local gradients (so a
     * server step of size lr applies exactly its local progress). `steps: 1` is the plain worker: it sends one gradient.
     */
    local: z
      .strictObject({
        /** Local SGD steps per pull. @default 1 */
        steps: positiveInt.default(1),
        /** The workers' learning rate η_w. @default optimizer.lr */
        lr: z.number().positive().optional(),
      })
      .prefault({}),
    /** The timing model (a registered name, see src/timing/); `model` defaults to 'bounded', so `{ "maxDelay": 5 }` alone works. */
    timing: buildTimingSchema(timings).prefault({ model: 'bounded' }),
    /** Number of gradient arrivals at the server. */
    steps: positiveInt.default(2000),
    /** Faults in virtual time (crash, partition, spike, byzantine, pause); see src/faults/faults.ts. @default none */
    faults: z.array(faultSchema).optional(),
    /** Evaluate on the test set every this many applied updates (and at the end). */
    evalEvery: positiveInt.default(100),
    seed: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1),
    /**
     * Numeric backend: 'engine' (byzsim's WebAssembly kernels; what 'auto' means for the built-in tasks), 'js' (a
     * task's own plain JavaScript) or a tfjs backend ('tensorflow', 'wasm', 'cpu'). Results are bit-identical only
     * within one backend.
     */
    backend: z.enum(['auto', 'engine', 'js', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  })
  .superRefine((c, ctx) => {
    // zod still runs this when a field failed; cross-field checks only make sense on valid parts.
    if (!(Number.isInteger(c.workers) && c.workers > 0)) return;
    const isFilter = Object.hasOwn(filters, c.policy.name);
    if (c.mode === 'async' && !isFilter) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy', 'name'],
        input: c.policy.name,
        message: `${JSON.stringify(c.policy.name)} is a synchronous aggregator: set "mode": "sync", or use an asynchronous filter (${Object.keys(filters).join(', ')})`,
      });
    }
    if (c.mode === 'sync' && isFilter) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy', 'name'],
        input: c.policy.name,
        message: `${JSON.stringify(c.policy.name)} is an asynchronous filter: set "mode": "async", or use an aggregator (${Object.keys(aggregators).join(', ')})`,
      });
    }
    if (c.sync.dropSlowest >= c.workers) {
      ctx.addIssue({
        code: 'custom',
        path: ['sync', 'dropSlowest'],
        input: c.sync.dropSlowest,
        message: `expected fewer than workers (${c.workers}), got ${c.sync.dropSlowest}`,
      });
    }
    if (c.byzantine.count > c.workers) {
      ctx.addIssue({
        code: 'custom',
        path: ['byzantine', 'count'],
        input: c.byzantine.count,
        message: `expected at most workers (${c.workers}), got ${c.byzantine.count}`,
      });
    }
    if (c.byzantine.count > 0 && c.byzantine.startAfter >= c.steps && !(c.faults ?? []).some((f) => f.kind === 'byzantine')) {
      const unit = c.mode === 'async' ? 'arrivals' : 'rounds';
      ctx.addIssue({
        code: 'custom',
        path: ['byzantine', 'startAfter'],
        input: c.byzantine.startAfter,
        message: `expected fewer than steps (${c.steps} ${unit}): the attack starts once the server has handled startAfter ${unit}, so it would never start; got ${c.byzantine.startAfter}`,
      });
    }
    const partition = (partitions as Record<string, { takesSizes: boolean }>)[c.data.partition.name];
    if (partition && !partition.takesSizes && c.data.sizes.name !== 'equal') {
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'sizes', 'name'],
        input: c.data.sizes.name,
        message: `partition ${JSON.stringify(c.data.partition.name)} decides its own shard sizes: expected "equal", got ${JSON.stringify(c.data.sizes.name)}`,
      });
    }
    if (c.data.sizes.name === 'weights' && c.data.sizes.weights.length !== c.workers) {
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'sizes', 'weights'],
        input: c.data.sizes.weights.length,
        message: `expected one weight per worker (${c.workers}), got ${c.data.sizes.weights.length}`,
      });
    }
    for (const issue of faultIssues(c.faults ?? [], { workers: c.workers, timing: c.timing.model, steps: c.steps })) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), input: undefined, message: issue.message });
    }
    for (const issue of timingIssues(c.timing, { workers: c.workers, steps: c.steps, mode: c.mode }, '', timings)) {
      ctx.addIssue({ code: 'custom', path: ['timing', ...issue.path.split('.').filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k))], input: undefined, message: issue.message });
    }
  });

/** The schema of the built-in catalogue (for the types; a `Registries` instance builds its own). */
export const runConfigSchema = buildRunConfigSchema();

/** A config as a user writes it (every field optional). */
export type RunConfigInput = z.input<typeof runConfigSchema>;
/** A fully resolved config: defaults filled in, every field checked. */
export type RunConfig = z.output<typeof runConfigSchema>;
