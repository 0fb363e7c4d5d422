import type { z } from 'zod';
import { resolveConfig } from '../config/resolve.js';
import { defaultRegistries, type Registries } from '../config/registries.js';
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

/** The text `byzsim list` prints: every task, policy and attack of `registries` with its parameters and defaults. */
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
  out.push('', 'SYNC POLICIES  ("mode": "sync"; config field "policy"; "sync": {"dropSlowest": k} drops the k slowest per round)');
  for (const [name, a] of Object.entries(aggregators)) {
    out.push(`  ${name}\n      ${a.summary}\n      ${paramsLine(a.params)}\n      ${a.citation}`);
  }
  out.push('', 'PRE-AGGREGATORS  ("pre": [{"name": ..., parameters}, ...] in any sync policy that does not score each vector as sent, or in buffered\'s "aggregator"; applied in order before the rule)');
  for (const [name, p] of Object.entries(preAggregators)) out.push(`  ${name}\n      ${p.summary}\n      ${paramsLine(p.params)}\n      ${p.citation}`);
  out.push('', 'ATTACKS  (config field "byzantine.attack": {"name": ..., parameters})');
  for (const [name, a] of Object.entries(attacks)) out.push(`  ${name}\n      ${a.summary}\n      ${paramsLine(a.params)}\n      ${a.citation}`);
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
