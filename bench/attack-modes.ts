/**
 * Where each registered attack acts: every attack in every setting of a small matrix (mode, knowledge,
 * assignment, timing model, local training) is resolved and, when the config is accepted, run on a tiny linear
 * regression and compared with the same run under `none` (Byzantine workers that behave honestly).
 *
 *   npx tsx bench/attack-modes.ts            # one line per attack and setting
 *
 * Each cell is `acts` (the final model differs from the honest control's), `no-op` (identical model: the attack
 * did nothing), `fails` (accepted, then the run stopped with an error) or `refused` (a ConfigError before any
 * work, with its field). docs/rules.md, "Where each attack acts", is this table in prose; the suite checks the
 * same property on a smaller matrix (test/attacks/attack-modes.test.ts).
 */
import { attacks } from '../src/attacks/registry.js';
import { ConfigError } from '../src/core/errors.js';
import { resolveConfig } from '../src/config/resolve.js';
import { simulate } from '../src/experiments/simulate.js';

const task = { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 } as const;

/** The settings: a label and the config fields that make it. */
export const settings: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['async, omniscient, fixed, bounded', { mode: 'async', timing: { model: 'bounded', maxDelay: 3 } }],
  ['async, local', { mode: 'async', byzantine: { knowledge: 'local' } }],
  ['async, bernoulli', { mode: 'async', byzantine: { assignment: 'bernoulli' } }],
  ['async, latency timing', { mode: 'async', timing: { model: 'latency', compute: { type: 'uniform', min: 5, max: 15 } } }],
  ['async, bounded maxDelay 0', { mode: 'async', timing: { model: 'bounded', maxDelay: 0 } }],
  ['async, scripted timing', { mode: 'async', steps: 6, timing: { model: 'scripted', script: ['p-a-p-a-p-a', 'p--a-p--a', 'p-a--p-a', '-p-a-p-a', 'p--a--p-a'] } }],
  ['async, 2 local steps', { mode: 'async', local: { steps: 2 } }],
  ['sync, omniscient, fixed', { mode: 'sync' }],
  ['sync, local', { mode: 'sync', byzantine: { knowledge: 'local' } }],
  ['sync, bernoulli', { mode: 'sync', byzantine: { assignment: 'bernoulli' } }],
  ['sync, dropSlowest 1, latency', { mode: 'sync', sync: { dropSlowest: 1 }, timing: { model: 'latency', compute: { type: 'uniform', min: 5, max: 15 } } }],
  ['sync, zeno rule', { mode: 'sync', policy: { name: 'zeno', b: 2, validationBatch: 8 } }],
  ['sync, 2 local steps', { mode: 'sync', local: { steps: 2 } }],
  ['sync, 1 Byzantine', { mode: 'sync', byzantine: { count: 1 } }],
  ['sync, 3 of 5 Byzantine', { mode: 'sync', byzantine: { count: 3 } }],
  ['sync, bernoulli, 30 rounds', { mode: 'sync', steps: 30, byzantine: { assignment: 'bernoulli' } }],
];

/** Parameters that change where an attack can act, tried besides the defaults. */
export const variants: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>> = {
  ipm: [{ epsilon: 'optimal' }],
  alie: [{ z: 'optimal' }],
  'bit-flip': [{ source: 'shared' }],
  delay: [{ latency: 'fastest' }],
  mimic: [{ target: 3 }],
};

type Outcome = { kind: 'acts' | 'no-op' | 'fails' | 'refused'; detail?: string };

function merge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? merge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** The config of one cell: 5 workers, 2 Byzantine (ids 0 and 1), a tiny linear regression. */
export function cellConfig(setting: Record<string, unknown>, attack: Record<string, unknown>): Record<string, unknown> {
  const mode = setting.mode;
  const base = {
    task,
    workers: 5,
    steps: mode === 'sync' ? 4 : 24,
    evalEvery: 1000,
    seed: 3,
    optimizer: { lr: 0.01, batchSize: 8 },
    policy: mode === 'sync' ? { name: 'mean' } : { name: 'async-sgd' },
    byzantine: { count: 2, attack },
  };
  return merge(base, setting);
}

/** Resolves, runs and compares one cell with its honest control. */
export async function outcome(config: Record<string, unknown>): Promise<Outcome> {
  try {
    resolveConfig(config);
  } catch (e) {
    if (e instanceof ConfigError) return { kind: 'refused', detail: e.issues.map((i) => i.path).join(', ') };
    throw e;
  }
  const control = structuredClone(config);
  (control.byzantine as Record<string, unknown>).attack = { name: 'none' };
  try {
    const [a, b] = [await simulate(config, { threads: 0 }), await simulate(control, { threads: 0 })];
    return { kind: a.summary.modelHash === b.summary.modelHash ? 'no-op' : 'acts' };
  } catch (e) {
    return { kind: 'fails', detail: (e as Error).message.split('\n')[0].slice(0, 90) };
  }
}

async function main(): Promise<void> {
  const counts = { acts: 0, 'no-op': 0, fails: 0, refused: 0 };
  for (const name of Object.keys(attacks)) {
    if (name === 'none') continue;
    for (const params of [{}, ...(variants[name] ?? [])]) {
      const label = Object.keys(params).length === 0 ? name : `${name} ${JSON.stringify(params)}`;
      for (const [where, setting] of settings) {
        const o = await outcome(cellConfig(setting, { name, ...params }));
        counts[o.kind]++;
        console.log(`${label.padEnd(34)} ${where.padEnd(32)} ${o.kind}${o.detail ? `  (${o.detail})` : ''}`);
      }
    }
  }
  console.log(`\n${counts.acts} act, ${counts['no-op']} no-op, ${counts.fails} fail during the run, ${counts.refused} refused`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
