/**
 * The robustness scenarios of docs/rules.md, each a few seconds: the geometric median with 3 far outliers, the f
 * budget under non-finite and silent senders, Kardam's variants, its 'paper' threshold traced over a run and that
 * threshold without interpolation against coefficient-inflating attacks, IPM and ALIE statistics, ALIE's defaults, Krum's selection counts, the server-only baseline's step positions and a rule that throws. Prints one line per
 * scenario. Run on another checkout (an older commit, to compare) with ROOT:
 *   npx tsx bench/robustness-scenarios.ts [scenario ...]
 *   ROOT=/path/to/other/checkout npx tsx bench/robustness-scenarios.ts
 * Scenarios: gm, gm-huge, budget, kardam, kardam-threshold, kardam-rank, ipm-alie, alie-defaults, krum, server-only, rule-bug (default: all).
 * Measures wall time, so it lives in bench/ and not in the simulation layers.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { RunResult } from '../src/experiments/run-result.js';

const root = resolve(process.env.ROOT ?? resolve(import.meta.dirname, '..'));
/** A module of the checkout under test, by its path under src/ (any checkout, so the types are loose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (path: string): Promise<any> => import(pathToFileURL(`${root}/src/${path}`).href);
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const started = Date.now();
const report = (name: string, value: unknown) => console.log(`${name.padEnd(48)} ${JSON.stringify(value)}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** A seeded normal stream of its own (xorshift32, Box–Muller), so every checkout sees the same input. */
function normals(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, j) => s + x * b[j], 0);
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));
const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => norm(Array.from(a, (x, j) => x - b[j]));
const pct = (x: number) => (Number.isNaN(x) ? null : Math.round(1000 * x) / 10);

async function simulate(config: object, registries?: unknown): Promise<RunResult> {
  const { simulate } = await load('experiments/simulate.ts');
  return simulate(config, { threads: 0, ...(registries ? { registries } : {}) });
}

/** Updates applied, accuracy, loss, rejections by reason, skipped and unselected (undefined before they existed). */
function brief({ summary: s }: RunResult) {
  const a = s.arrivals;
  return { updates: s.final.version, acc: pct(s.final.testAccuracy), loss: Number(s.final.testLoss.toPrecision(4)), rejectedBy: a.rejectedBy, skipped: s.skipped, unselected: a.unselected, fp: pct(a.falsePositiveRate) };
}

const softmaxSync = { task: 'mnist-softmax', workers: 10, mode: 'sync', seed: 1, optimizer: { lr: 0.1, batchSize: 32 } } as const;

if (want('gm')) {
  // 7 honest vectors near μ and 3 at −1e8·μ, d = 7,850 (the size of mnist-softmax).
  const { geometricMedian } = await load('policies/aggregators/geometric-median.ts');
  const next = normals(24);
  const mu = Float32Array.from({ length: 7850 }, next);
  const rows = [...Array.from({ length: 7 }, () => mu.map((v) => v + 0.1 * next())), ...Array.from({ length: 3 }, () => mu.map((v) => -1e8 * v))];
  const g = geometricMedian();
  const z = g.aggregate(rows);
  report('gm: defaults', { cosine: Number((dot(z, mu) / (norm(z) * norm(mu))).toFixed(4)), distanceOverNormMu: Number((distance(z, mu) / norm(mu)).toPrecision(3)), iterations: g.lastIterations });
  const all = geometricMedian({ tol: 0, maxIter: 1000 });
  all.aggregate(rows);
  report('gm: tol 0, maxIter 1000', { iterations: all.lastIterations });
}

if (want('gm-huge')) report('gm: huge, 2 of 10, sync, 20 rounds', brief(await simulate({ ...softmaxSync, steps: 20, evalEvery: 10, policy: { name: 'geometric-median' }, byzantine: { count: 2, attack: { name: 'huge' } } })));

if (want('budget')) {
  for (const rule of ['krum', 'multi-krum']) {
    for (const attack of ['non-finite', 'omission']) {
      const r = await simulate({ ...softmaxSync, steps: 60, evalEvery: 20, policy: { name: rule, f: 3 }, byzantine: { count: 3, attack: { name: attack } } });
      report(`budget: ${rule} f 3, 3 ${attack}, 60 rounds`, brief(r));
    }
  }
}

if (want('kardam')) {
  const base = { task: 'mnist-softmax', workers: 10, mode: 'async', steps: 1500, evalEvery: 250, seed: 1, optimizer: { lr: 0.1, batchSize: 32 }, timing: { model: 'bounded', maxDelay: 10 } };
  const settings = { paper: { variant: 'paper' }, java: {}, 'java, eviction oldest': { eviction: 'oldest' } };
  const attacks = { 'no attack': { count: 0 }, '3 sign-flip x10': { count: 3, attack: { name: 'sign-flip', scale: 10 } } };
  for (const [label, extra] of Object.entries(settings)) {
    for (const [what, byzantine] of Object.entries(attacks)) {
      try {
        const { summary: s } = await simulate({ ...base, policy: { name: 'kardam', f: 3, ...extra }, byzantine });
        report(`kardam ${label}: ${what}`, { honestAccepted: pct(1 - s.arrivals.falsePositiveRate), byzantineAccepted: pct(s.arrivals.falseNegativeRate), acc: pct(s.final.testAccuracy), loss: Number(s.final.testLoss.toPrecision(4)), trace: s.traceHash.slice(0, 12) });
      } catch (e) {
        report(`kardam ${label}: ${what}`, { error: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
      }
    }
  }
}

if (want('kardam-threshold')) {
  // Kardam 'paper' (f = 3) on the 'kardam' scenario's runs, traced: a registered filter wraps the real one and keeps
  // a replica of its table (each worker's latest coefficient, the same WorkerLipschitz and percentile code), so
  // every arrival's threshold is known. From arrival 100 on, for honest arrivals with a k: the real threshold, the
  // same level over the honest workers' values only, and the (n − f)-th smallest value (nearest rank).
  const [{ Registries }, { kardam, kardamParams }, { WorkerLipschitz }, { percentile }] = await Promise.all([load('config/registries.ts'), load('policies/filters/kardam.ts'), load('policies/filters/kardam-worker-lipschitz.ts'), load('policies/filters/percentile.ts')]);
  const median = (xs: number[]) => Number([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)].toPrecision(3));
  const share = (xs: boolean[]) => pct(xs.filter(Boolean).length / xs.length);
  const n = 10;
  const f = 3;
  const q = (n - f) / n;
  for (const [what, byzantine] of [['no attack', { count: 0 }], ['3 sign-flip x10', { count: 3, attack: { name: 'sign-flip', scale: 10 } }]] as const) {
    const tables: { worker: number; lips: Float64Array; bar: number }[] = [];
    const registries = new Registries().registerFilter('kardam-traced', {
      params: kardamParams,
      summary: "Kardam, with each arrival's table and threshold traced",
      citation: 'bench',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      create(params: any, setup: { workers: number }) {
        const inner = kardam(params, setup);
        const lips = new WorkerLipschitz(setup.workers, 1, 'oldest');
        return {
          ...inner,
          decide(candidate: Float32Array, ctx: { worker: number; baseParams: Float32Array }, out: Float32Array) {
            lips.record(ctx.worker, candidate, ctx.baseParams);
            tables.push({ worker: ctx.worker, lips: Float64Array.from(lips.maxima), bar: percentile(lips.maxima, q, 'linear') });
            return inner.decide(candidate, ctx, out);
          },
        };
      },
    });
    const config = { task: 'mnist-softmax', workers: n, mode: 'async', steps: 1500, evalEvery: 250, seed: 1, optimizer: { lr: 0.1, batchSize: 32 }, timing: { model: 'bounded', maxDelay: 10 } };
    const { records, summary } = await simulate({ ...config, policy: { name: 'kardam-traced', variant: 'paper', f }, byzantine }, registries);
    const byz = new Set(records.filter((r) => r.byzantine).map((r) => r.worker));
    const judged = records.flatMap((r, i) => (i < 100 || Number.isNaN(r.decision.score) ? [] : [{ k: r.decision.score, accepted: r.decision.accepted, byzantine: r.byzantine, ...tables[i] }]));
    const honest = judged.filter((j) => !j.byzantine);
    const values = (pick: (w: number) => boolean) => tables.slice(100).flatMap((t) => Array.from(t.lips).filter((x, w) => pick(w) && Number.isFinite(x)));
    const honestOnly = (t: Float64Array) => percentile(t.filter((_, w) => !byz.has(w)), q, 'linear');
    const nearestRank = (t: Float64Array) => Array.from(t).filter(Number.isFinite).sort((a, b) => a - b)[n - f - 1];
    const maxHonest = (t: Float64Array) => Math.max(...Array.from(t).filter((x, w) => !byz.has(w) && Number.isFinite(x)));
    report(`kardam paper threshold: ${what}`, {
      trace: summary.traceHash.slice(0, 12),
      replicaAgrees: judged.every((j) => j.k <= j.bar === j.accepted),
      honestValue: median(values((w) => !byz.has(w))),
      byzantineValue: byz.size ? median(values((w) => byz.has(w))) : null,
      byzantineOnTop: byz.size ? tables.slice(100).filter((t) => Math.min(...Array.from(t.lips).filter((_, w) => byz.has(w))) > maxHonest(t.lips)).length : null,
      threshold: median(honest.map((h) => h.bar)),
      thresholdOverMaxHonest: median(honest.map((h) => h.bar / maxHonest(h.lips))),
      honestK: median(honest.map((h) => h.k)),
      byzantineK: byz.size ? median(judged.filter((j) => j.byzantine).map((j) => j.k)) : null,
      honestAccepted: share(honest.map((h) => h.k <= h.bar)),
      ifHonestOnly: share(honest.map((h) => h.k <= honestOnly(h.lips))),
      ifNearestRank: share(honest.map((h) => h.k <= nearestRank(h.lips))),
    });
  }
}

if (want('kardam-rank')) {
  // Kardam (f = 3, n = 10) at its default level and at the level whose position is the (n − f)-th smallest value
  // itself, never above the largest honest coefficient: 'paper' 0.7 (linear, position 9·0.7 = 6.3 from 0) and 6/9
  // (position 6); 'java' 2/3 (LEGACY, position 11·2/3 = 7.33 from 1) and 7/11 (position 7); then each variant's
  // default level with `percentile: 'nearest-rank'` (rank ⌈q·n⌉: the 7th smallest of 10 for both).
  // KARDAM_RANK=nearest-rank runs only those rows.
  // Attacks: sign-flip ×10, kardam-flood, and 'decoy', registered here: a Byzantine worker alternates −10·g (its
  // harmful vector) and +1000·g (a decoy that keeps its own Lipschitz coefficient huge).
  const [{ Registries }, { defineAttack }] = await Promise.all([load('config/registries.ts'), load('attacks/attack.ts')]);
  const registries = new Registries().registerAttack('decoy', {
    params: z.strictObject({}),
    summary: 'alternates −10·g and +1000·g',
    citation: 'bench',
    create: () =>
      defineAttack('decoy', (g: Float32Array, out: Float32Array, ctx: { step: number }) => {
        const a = ctx.step % 2 === 0 ? -10 : 1000;
        for (let i = 0; i < g.length; i++) out[i] = a * g[i];
      }),
  });
  const config = { task: 'mnist-softmax', workers: 10, mode: 'async', steps: 1500, evalEvery: 250, seed: 1, optimizer: { lr: 0.1, batchSize: 32 }, timing: { model: 'bounded', maxDelay: 10 } };
  const attacks = { 'no attack': { count: 0 }, '3 sign-flip x10': { count: 3, attack: { name: 'sign-flip', scale: 10 } }, '3 kardam-flood': { count: 3, attack: { name: 'kardam-flood' } }, '3 decoy': { count: 3, attack: { name: 'decoy' } } };
  const rows = [
    ['paper', '0.7', 'auto', 'auto'],
    ['paper', '6/9', 6 / 9, 'auto'],
    ['java', '2/3', 'auto', 'auto'],
    ['java', '7/11', 7 / 11, 'auto'],
    ['paper', '0.7 nearest-rank', 'auto', 'nearest-rank'],
    ['java', '2/3 nearest-rank', 'auto', 'nearest-rank'],
  ] as const;
  for (const [variant, level, quantile, percentile] of rows) {
    if (process.env.KARDAM_RANK === 'nearest-rank' && percentile !== 'nearest-rank') continue;
    for (const [what, byzantine] of Object.entries(attacks)) {
      const { summary: s } = await simulate({ ...config, policy: { name: 'kardam', variant, f: 3, quantile, percentile }, byzantine }, registries);
      report(`kardam ${variant}, level ${level}: ${what}`, { honestAccepted: pct(1 - s.arrivals.falsePositiveRate), byzantineAccepted: pct(s.arrivals.falseNegativeRate), acc: pct(s.final.testAccuracy), loss: Number(s.final.testLoss.toPrecision(3)) });
    }
  }
}

if (want('ipm-alie')) {
  // 4 honest [1, 0] and 2 Byzantine [100, 0]: the statistics of the honest workers give IPM −1 and ALIE 1.
  const [{ ipm }, { alie }, { Rng }] = await Promise.all([load('attacks/ipm.ts'), load('attacks/alie.ts'), load('core/rng.ts')]);
  const round = [...Array.from({ length: 4 }, () => Float32Array.of(1, 0)), Float32Array.of(100, 0), Float32Array.of(100, 0)];
  const ctx = { rng: Rng.root(0).fork('attack', 4).stream(0), worker: 4, step: 0, round, roundByzantine: [false, false, false, false, true, true] };
  for (const [name, attack] of [['ipm: epsilon 1', ipm({ epsilon: 1 })], ['alie: z 1', alie({ z: 1 })]]) {
    const out = new Float32Array(2);
    attack.craft(round[4], out, ctx);
    report(name, Array.from(out, (x) => Number(x.toFixed(2))));
  }
}

if (want('alie-defaults')) {
  try {
    report('alie: defaults (sync, median, 3 of 10)', brief(await simulate({ ...softmaxSync, steps: 5, evalEvery: 5, policy: { name: 'median' }, byzantine: { count: 3, attack: { name: 'alie' } } })));
  } catch (e) {
    report('alie: defaults (sync, median, 3 of 10)', { refused: (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ') });
  }
}

if (want('krum')) {
  for (const workers of [5, 10]) report(`krum: f 1, no attack, ${workers} workers`, brief(await simulate({ ...softmaxSync, workers, steps: 20, evalEvery: 20, policy: { name: 'krum', f: 1 }, byzantine: { count: 0 } })));
}

if (want('server-only')) {
  const K = 4;
  for (const attack of ['non-finite', 'omission']) {
    const { records } = await simulate({ task: { name: 'linreg', features: 3, samples: 400, validationSize: 40, testSize: 40 }, mode: 'async', workers: 5, optimizer: { lr: 0.05, batchSize: 8 }, steps: 60, evalEvery: 60, seed: 3, policy: { name: 'server-only', refreshEvery: K, validationBatch: 8 }, byzantine: { count: 2, attack: { name: attack } } });
    const steps = records.flatMap((x, i) => (x.serverVersion !== (i === 0 ? 0 : records[i - 1].serverVersion) ? [i] : []));
    report(`server-only: K ${K}, 2 of 5 ${attack}`, { steps: steps.length, atMultiplesOfK: steps.every((a, k) => a === K * k), first: steps.slice(0, 6) });
  }
}

if (want('rule-bug')) {
  const [{ Registries }, { defineAggregator }] = await Promise.all([load('config/registries.ts'), load('policies/aggregators/aggregator.ts')]);
  const registries = new Registries().registerAggregator('faulty', {
    params: z.strictObject({}),
    summary: 'throws a RangeError on real vectors',
    citation: 'bench',
    create: () =>
      defineAggregator(
        {
          name: 'faulty',
          requirements: [],
          combine(rows: Float32Array[], out: Float32Array) {
            if (out.length > 1) throw new RangeError('index out of range (a bug in the rule)');
            out.set(rows[0]);
          },
        },
        'policy',
      ),
  });
  const config = { task: { name: 'linreg', features: 3, samples: 300, validationSize: 30, testSize: 30 }, mode: 'sync', workers: 4, steps: 3, evalEvery: 3, optimizer: { lr: 0.05, batchSize: 8 }, policy: { name: 'faulty' } };
  try {
    report('rule that throws: sync, 3 rounds', { ranAnyway: true, ...brief(await simulate(config, registries)) });
  } catch (e) {
    report('rule that throws: sync, 3 rounds', { stopped: (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 120) });
  }
}
