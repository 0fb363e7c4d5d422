import { resolveBackend } from '../compute/load-task.js';
import { ConfigError } from '../core/errors.js';
import { toConfigError } from '../core/zod-issues.js';
import type { TaskSpec } from '../tasks/task.js';
import { taskInfo } from '../tasks/index.js';
import { partitions, type PartitionEntry } from '../tasks/partitions/registry.js';
import { attackIssues } from '../attacks/registry.js';
import { attackSetup } from './attack-setup.js';
import { defaultRegistries, type Registries } from './registries.js';
import type { RunConfig } from './schema.js';
import { taskParamsSchema } from '../tasks/task-params.js';

/**
 * Validates a config and fills in defaults. Throws a ConfigError naming every bad field (its path, the value
 * given and what was expected) before any work starts. Rule, attack and timing names are looked up in
 * `registries` (the built-ins and what was registered there).
 */
export function resolveConfig(input: unknown, registries: Registries = defaultRegistries): RunConfig {
  const schema = registries.schema();
  const parsed = schema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) throw withTaskParams(toConfigError(parsed.error, '', undefined, schema, input), input, registries);
  const config = parsed.data;
  checkAgainstData(config, registries);
  resolveBackend(config.backend, registries.tasks[config.task.name]); // a backend the task has no compute for
  checkRulePreconditions(config, registries);
  return config;
}

/** `task.hidden: unknown parameter` gains the parameters that task does take. */
function withTaskParams(error: ConfigError, input: unknown, registries: Registries): ConfigError {
  const task = (input as { task?: unknown } | null)?.task;
  const name = typeof task === 'string' ? task : (task as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !Object.hasOwn(registries.tasks, name)) return error;
  const takes = ['name', ...Object.keys(taskParamsSchema(registries.tasks[name]).shape)].join(', ');
  return new ConfigError(
    error.issues.map((i) =>
      /^task\.[^.]+$/.test(i.path) && i.message.startsWith('unknown parameter,') ? { ...i, message: i.message.replace('unknown parameter,', `unknown parameter (${name} takes ${takes}),`) } : i,
    ),
  );
}

/**
 * Builds the policy and attack once, so their preconditions (Kardam's f < n/3, Krum's n > 2f + 2 on the
 * n − k vectors a round aggregates, ...) fail here, before any work.
 */
function checkRulePreconditions(config: RunConfig, registries: Registries): void {
  const { name: policy, ...policyParams } = config.policy;
  let defence = false;
  if (config.mode === 'async') {
    registries.createFilter(policy, policyParams, 'policy', { workers: config.workers });
  } else {
    // A dry run on as many (one-dimensional) vectors as a round will aggregate checks the rule's precondition,
    // with what pool jobs would bring (a reference vector, a score per vector) for rules that use them.
    const rows = config.workers - config.sync.dropSlowest;
    const dummies = Array.from({ length: rows }, () => new Float32Array(1));
    const context = { reference: new Float32Array(1), scores: new Array<number>(rows).fill(0) };
    const aggregator = registries.createAggregator(policy, policyParams, 'policy');
    aggregator.aggregate(dummies, undefined, undefined, context);
    defence = aggregator.assess === undefined;
  }
  const { name: attack, ...attackParams } = config.byzantine.attack;
  registries.createAttack(attack, attackParams, 'byzantine.attack');
  // An attack that would do nothing here (honest results under its name) or stop the run midway is refused now.
  const issues = attackIssues(attack, attackParams, attackSetup(config, registries.timings, defence), 'byzantine.attack', registries.attacks);
  if (issues.length > 0) throw new ConfigError(issues);
}

/** The task as every compute thread must load it: the config's task with `dataSeed` defaulting to the run seed. */
export function taskSpecOf(config: RunConfig): TaskSpec {
  const { dataSeed, ...rest } = config.task as unknown as { name: string; validationSize: number; testSize: number; dataSeed?: number; [param: string]: unknown };
  return { ...rest, dataSeed: dataSeed ?? config.seed };
}

/**
 * Checks that need the data sizes: batches must fit equal shards and the validation set. Unequal shards
 * (dirichlet, `data.sizes`) are known only once split; a shard smaller than the batch is cycled through
 * (a batch then spans several of its epochs).
 */
function checkAgainstData(config: RunConfig, registries: Registries): void {
  const info = taskInfo(taskSpecOf(config), registries.tasks);
  const issues = [];
  const shard = Math.floor(info.trainSize / config.workers);
  const partition = partitions[config.data.partition.name as keyof typeof partitions] as PartitionEntry | undefined;
  const equalShards = config.data.sizes.name === 'equal' && partition?.takesSizes === true;
  if (partition?.needsClasses && info.classes === 0) {
    issues.push({ path: 'data.partition.name', message: `${JSON.stringify(config.data.partition.name)} splits by class label, but task ${config.task.name} is a regression task; use iid, gamma-similarity or extreme (which sort by target)` });
  }
  if (shard < 1) {
    issues.push({ path: 'workers', message: `expected at most ${info.trainSize} workers (one training sample each), got ${config.workers}` });
  } else if (equalShards && config.optimizer.batchSize > shard) {
    issues.push({
      path: 'optimizer.batchSize',
      message: `expected at most the smallest worker shard (${shard} samples = ${info.trainSize} training samples / ${config.workers} workers), got ${config.optimizer.batchSize}`,
    });
  }
  const ns = (config.policy as { validationBatch?: number }).validationBatch;
  if (ns !== undefined && ns > info.validationSize) {
    issues.push({
      path: 'policy.validationBatch',
      message: `expected at most the validation set size (task.validationSize = ${info.validationSize}), got ${ns}`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
