import { defaultRegistries } from '../config/registries.js';
import type { RegistryTables, RunConfig } from '../config/schema.js';
import { canonicalJson } from '../core/hash.js';
import { preAggregators } from '../policies/preaggregators/registry.js';

type Params = Readonly<Record<string, unknown>>;
type Table = Readonly<Record<string, { readonly params: unknown }>>;
type Schema = { safeParse(v: unknown): { success: boolean; data?: unknown } };

const isObject = (v: unknown): v is Params => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each parameter's default (canonical JSON) in rule `name`'s params schema; undefined when the table has no such rule. */
function defaultsOf(table: Table, name: string): Map<string, string> | undefined {
  const shape = Object.hasOwn(table, name) ? (table[name].params as { shape?: Readonly<Record<string, Schema>> }).shape : undefined;
  if (!shape) return undefined;
  const out = new Map<string, string>();
  for (const [key, schema] of Object.entries(shape)) {
    const parsed = schema.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out.set(key, canonicalJson(parsed.data)); // a required parameter has none
  }
  return out;
}

/**
 * A value as a name shows it: `0.001`, `sign`, `[22,29]`, a rule `median` or `trimmed-mean(b=1)` (every
 * parameter: nested rules' defaults are not looked up, except an aggregator's inside a filter), `(a=0.5)`.
 */
export function showValue(value: unknown, tables: RegistryTables = defaultRegistries): string {
  if (Array.isArray(value)) return `[${value.map((v) => showValue(v, tables)).join(',')}]`;
  if (!isObject(value)) return String(value);
  if (typeof value.name === 'string') return ruleLabel(value, tables.aggregators, tables);
  return `(${Object.entries(value).map(([k, v]) => `${k}=${showValue(v, tables)}`).join(',')})`;
}

/** `name` plus, in parentheses, the parameters set away from their defaults (all of them for a rule not in `table`). */
function ruleLabel(rule: Params, table: Table, tables: RegistryTables, extra: readonly string[] = []): string {
  const { name, ...params } = rule;
  const defaults = defaultsOf(table, String(name));
  const shown = Object.entries(params)
    .filter(([k, v]) => v !== undefined && defaults?.get(k) !== canonicalJson(v))
    .map(([k, v]) => `${k}=${showValue(v, tables)}`);
  const all = [...shown, ...extra];
  return all.length === 0 ? String(name) : `${String(name)}(${all.join(',')})`;
}

/** The partition and its parameters, plus unequal sizes if any: `dirichlet(alpha=0.1)`, `iid sizes=lognormal(sigma=1)`. */
export function partitionLabel(config: RunConfig): string {
  const args = (o: Params) => {
    const { name, ...rest } = o;
    const kv = Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
    return kv.length === 0 ? String(name) : `${String(name)}(${kv.join(', ')})`;
  };
  const sizes = config.data.sizes.name === 'equal' ? '' : ` sizes=${args(config.data.sizes)}`;
  return args(config.data.partition) + sizes;
}

/**
 * A run's default name, built from its config: the policy, after its pre-aggregation steps
 * (`nnm(f=1)+median`); the attack, its knowledge when local, q/n and the Bernoulli assignment
 * (`ipm(epsilon=0.5,knowledge=local)-q2of10-bernoulli`, or `clean`); the partition when not IID with equal
 * sizes; momentum and local steps when on; the seed. A rule shows only the parameters set away from their
 * defaults (looked up in `tables`), so common runs keep short names: `zeno++-sign-flip-q6of10-seed1`. Fields it
 * leaves out (learning rate, timing, task, ...) are added by {@link distinctRunNames} where runs shown together
 * would otherwise share a name.
 */
export function runName(config: RunConfig, tables: RegistryTables = defaultRegistries): string {
  const { pre, ...policy } = config.policy as Params & { pre?: Params[] };
  const rules = config.mode === 'async' ? tables.filters : tables.aggregators;
  const parts = [[...(pre ?? []).map((step) => ruleLabel(step, preAggregators, tables)), ruleLabel(policy, rules, tables)].join('+')];
  const b = config.byzantine;
  if (b.count > 0) {
    const attack = ruleLabel(b.attack, tables.attacks, tables, b.knowledge === 'local' ? ['knowledge=local'] : []);
    parts.push(`${attack}-q${b.count}of${config.workers}${b.assignment === 'bernoulli' ? '-bernoulli' : ''}`);
  } else {
    parts.push('clean');
  }
  const partition = partitionLabel(config);
  if (partition !== 'iid') parts.push(partition.replace(/, /g, ',').replace(/ /g, '-'));
  const m = config.optimizer.momentum;
  const momentum = m ? [...(m.worker > 0 ? [`worker=${m.worker}`, ...(m.workerForm === 'ema' ? [] : [m.workerForm])] : []), ...(m.server > 0 ? [`server=${m.server}`] : [])] : [];
  if (momentum.length > 0) parts.push(`momentum(${momentum.join(',')})`);
  if (config.local.steps > 1) parts.push(`local(steps=${config.local.steps}${config.local.lr === undefined ? '' : `,lr=${config.local.lr}`})`);
  parts.push(`seed${config.seed}`);
  return parts.join('-');
}

/** Leaves of a config as dotted paths → canonical JSON (arrays are leaves). */
function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isObject(value)) for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else if (value !== undefined) out.set(prefix, canonicalJson(value));
  return out;
}

/** The last two segments of a path (`attack.direction`), more when that is ambiguous among `paths`. */
function shortPath(path: string, paths: readonly string[]): string {
  const segments = path.split('.');
  for (let n = Math.min(2, segments.length); n < segments.length; n++) {
    const tail = segments.slice(-n).join('.');
    if (paths.every((p) => p === path || !(p === tail || p.endsWith(`.${tail}`)))) return tail;
  }
  return path;
}

/**
 * Names for runs shown together (a study's table, study.csv, its folders): each run's own name (`config.name`, else
 * {@link runName}); runs that would share one but differ get the fields that differ among them appended, so two
 * different configs never share a name: `median-sign-flip-q2of10-seed1 (optimizer.lr=0.05)`. A name no other run
 * has is left as it is, and identical configs keep identical names.
 */
export function distinctRunNames(configs: readonly RunConfig[], tables: RegistryTables = defaultRegistries): string[] {
  const names = configs.map((c) => c.name ?? runName(c, tables));
  const groups = new Map<string, number[]>();
  names.forEach((name, i) => groups.set(name, [...(groups.get(name) ?? []), i]));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const flat = members.map((i) => leaves({ ...configs[i], name: undefined }));
    const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))];
    const differing = paths.filter((p) => new Set(flat.map((f) => f.get(p))).size > 1);
    if (differing.length === 0) continue;
    members.forEach((i, j) => {
      const shown = differing.map((p) => {
        const json = flat[j].get(p);
        return `${shortPath(p, differing)}=${json === undefined ? '–' : showValue(JSON.parse(json), tables)}`;
      });
      names[i] = `${names[i]} (${shown.join(', ')})`;
    });
  }
  return names;
}
