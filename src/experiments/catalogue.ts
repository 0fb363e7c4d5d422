import type { z } from 'zod';
import { attackIssues } from '../attacks/registry.js';
import type { AttackSetup } from '../attacks/attack-setup.js';
import { resolveConfig } from '../config/resolve.js';
import { defaultRegistries, type Registries } from '../config/registries.js';
import { stalenessFunction } from '../policies/filters/staleness.js';
import { preAggregators } from '../policies/preaggregators/registry.js';
import { partitions } from '../tasks/partitions/registry.js';
import { taskParamsSchema } from '../tasks/task-params.js';

const show = (v: unknown) => JSON.stringify(v);

/** `name=default` for every parameter of a strict params schema (defaults read off the schema itself). */
function paramsLine(schema: z.ZodObject): string {
  const keys = Object.keys(schema.shape);
  const line = (k: string) => {
    const field = (schema.shape as Record<string, z.ZodType>)[k].safeParse(undefined);
    return `${k}=${!field.success ? '(required)' : field.data === undefined ? '(optional)' : show(field.data)}`;
  };
  return keys.length === 0 ? '(no parameters)' : keys.map(line).join('  ');
}

/**
 * Where the attack `name` acts with its default parameters, among async/sync × omniscient/local knowledge (3 of 10
 * workers Byzantine, fixed, bounded timing with maxDelay 10, a rule the attacker can copy): the same check a config
 * gets (`attackIssues`). docs/rules.md, "Where each attack acts", has the finer cases.
 */
function actsIn(name: string, attacks: Registries['attacks']): string {
  const where = (['async', 'sync'] as const).flatMap((mode) =>
    (['omniscient', 'local'] as const).map((knowledge) => {
      const setup: AttackSetup = {
        mode,
        knowledge,
        assignment: 'fixed',
        workers: 10,
        count: 3,
        byzantineWorkers: [0, 1, 2],
        timingAttacks: () => true,
        round: { size: 10, minSize: 10, maxByzantine: 3, allWorkers: mode === 'sync' },
        defence: mode === 'sync',
      };
      return { mode, knowledge, acts: attackIssues(name, {}, setup, 'byzantine.attack', attacks).length === 0 };
    }),
  );
  if (attacks[name].create(attacks[name].params.parse({})).acts.length === 0) return 'acts in: nowhere (honest by design)';
  if (where.every((w) => w.acts)) return 'acts in: async and sync mode, either knowledge';
  const modes = (['async', 'sync'] as const).flatMap((mode) => {
    const ks = where.filter((w) => w.mode === mode && w.acts).map((w) => w.knowledge);
    return ks.length === 2 ? [`${mode} mode`] : ks.length === 1 ? [`${mode} mode with ${ks[0]} knowledge`] : [];
  });
  return `acts in: ${modes.join(' and ') || 'none of these modes'} only (refused elsewhere)`;
}

/** The text `byzsim list` prints: every task, policy, staleness function, attack and option of `registries` with its parameters and defaults. */
export function catalogue(registries: Registries = defaultRegistries): string {
  const { filters, aggregators, attacks, timings, tasks } = registries;
  const out: string[] = [];
  out.push('TASKS  (config field "task": a name, or {"name": ..., parameters})');
  for (const [name, t] of Object.entries(tasks)) out.push(`  ${name}\n      ${t.summary}\n      parameters: ${Object.keys(taskParamsSchema(t).shape).join(', ')}`);
  out.push('', 'DATA PARTITIONS  (config field "data": {"partition": {"name": ..., parameters}, "sizes": ...}; Byzantine workers get shards too)');
  for (const [name, p] of Object.entries(partitions)) out.push(`  ${name}\n      ${p.summary}\n      ${paramsLine(p.params)}\n      ${p.citation}`);
  out.push(
    '  sizes     {"name": "equal"} | {"name": "weights", "weights": [one per worker]} | {"name": "lognormal", "sigma": σ} (seeded): relative shard sizes for iid, gamma-similarity, extreme',
  );
  out.push('', 'ASYNC POLICIES  ("mode": "async"; config field "policy": {"name": ..., parameters})');
  for (const [name, f] of Object.entries(filters)) out.push(`  ${name}\n      ${f.summary}\n      ${paramsLine(f.params)}\n      ${f.citation}`);
  // Defaults read off the schema, so the text follows them.
  const poly = stalenessFunction.parse({ name: 'polynomial' }) as { a: number };
  const hinge = stalenessFunction.parse({ name: 'hinge' }) as { a: number; b: number };
  out.push(
    '',
    'STALENESS FUNCTIONS  ("dampening" of any async policy, fedasync\'s "staleness", fedbuff\'s "dampening"; τ = server version − the version pulled)',
    '  "none" | "constant"                          s = 1',
    '  "exponential" | {"name": "exponential", "alpha"}   s = exp(−ατ) (α from the policy\'s "alpha" when not given)   Kardam, Dampening.java',
    '  "inverse"                                    s = 1/(τ + 1)',
    `  "polynomial" | {"name": "polynomial", "a"}   s = (τ + 1)^−a, a = ${poly.a}   Xie, Koyejo, Gupta, FedAsync, arXiv:1903.03934`,
    `  "hinge" | {"name": "hinge", "a", "b"}        s = 1 if τ ≤ b, else 1/(a(τ − b) + 1), a = ${hinge.a}, b = ${hinge.b}   FedAsync`,
    '  "staleness-aware"                            s = 1/max(τ, 1): the rate divided by the staleness   Zhang, Gupta, Lian, Liu, IJCAI 2016',
    '',
    'LOCAL TRAINING  (config field "local": {"steps": K, "lr": η_w}; any policy, async or sync)',
    '  each pull, K SGD steps at rate η_w (default optimizer.lr) on the worker\'s own shard; the worker sends u = (x_pulled − x_local)/η_w',
    '  (the events.csv column "sent" says update); K = 1 (the default) is the plain worker, which sends one gradient',
  );
  out.push('', 'SYNC POLICIES  ("mode": "sync"; config field "policy"; "sync": {"dropSlowest": k} drops the k slowest per round)');
  for (const [name, a] of Object.entries(aggregators)) {
    out.push(`  ${name}\n      ${a.summary}\n      ${paramsLine(a.params)}\n      ${a.citation}`);
  }
  out.push('', 'PRE-AGGREGATORS  ("pre": [{"name": ..., parameters}, ...] in any sync policy that does not score each vector as sent, or in buffered\'s "aggregator"; applied in order before the rule)');
  for (const [name, p] of Object.entries(preAggregators)) out.push(`  ${name}\n      ${p.summary}\n      ${paramsLine(p.params)}\n      ${p.citation}`);
  out.push(
    '',
    'MOMENTUM  (config field "optimizer": {"momentum": {...}}; sync and async; both off when absent)',
    '  worker',
    '      Each worker sends its momentum m instead of its gradient g (Byzantine workers keep one too; attacks act on it).',
    '      worker=β_w (0)  workerForm="ema": m ← β_w·m + (1 − β_w)·g | "heavy-ball": m ← β_w·m + g',
    '      Karimireddy, He, Jaggi. Learning from History for Byzantine Robust Optimization. ICML 2021 (ema); El-Mhamdi, Guerraoui, Rouault. Distributed Momentum for Byzantine-resilient Stochastic Gradient Descent. ICLR 2021 (heavy-ball)',
    '  server',
    '      The server keeps v ← β_s·v + d for each applied direction d and steps along v (heavy ball, as PyTorch SGD).',
    '      server=β_s (0)',
    '      Polyak 1964; server momentum in El-Mhamdi, Guerraoui, Rouault, ICLR 2021.',
  );
  out.push('', 'ATTACKS  (config field "byzantine.attack": {"name": ..., parameters}; where it would do nothing, a config is refused)');
  for (const [name, a] of Object.entries(attacks)) out.push(`  ${name}\n      ${a.summary}\n      ${paramsLine(a.params)}\n      ${a.citation}\n      ${actsIn(name, attacks)}`);
  out.push('', 'TIMING  (config field "timing": {"model": ..., parameters})');
  for (const [name, t] of Object.entries(timings)) out.push(`  ${name}\n      ${t.summary}\n      ${t.usage}`);
  out.push(
    '',
    'FAULTS  (config field "faults": a list; times in ms of virtual time)',
    '  {"kind": "crash", "workers": [..], "at", "restart"}        the push in flight is lost; pulls wait for the restart (latest model)',
    '  {"kind": "partition", "workers": [..], "from", "to", "heal": "drop" | "delay"}   pushes arriving inside are lost, or arrive at "to"',
    '  {"kind": "spike", "workers": [..], "from", "to", "factor"}  pulls inside take factor times as long',
    '  {"kind": "byzantine", "workers": [..], "from", "to"}        gradients pulled inside are Byzantine',
    '  {"kind": "pause", "from", "to"}                              the server handles nothing inside; arrivals wait for "to"',
  );
  out.push('', 'CONFIG  (every field optional; these are the defaults: byzsim run with no file)', JSON.stringify(resolveConfig({}, registries), null, 2));
  return out.join('\n');
}
