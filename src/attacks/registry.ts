import type { z } from 'zod';
import { lookup } from '../core/registry.js';
import { parseParams } from '../core/zod-issues.js';
import type { ConfigIssue } from '../core/errors.js';
import type { Attack } from './attack.js';
import { inertIssues, type AttackSetup } from './attack-setup.js';
import { delay, delayParams } from './delay.js';
import { kardamFlood, kardamFloodParams } from './kardam-flood.js';
import { omission, omissionParams } from './omission.js';
import { alie, alieIssues, alieParams } from './alie.js';
import { bitFlip, bitFlipIssues, bitFlipParams } from './bit-flip.js';
import { gaussian, gaussianParams } from './gaussian.js';
import { huge, hugeParams } from './huge.js';
import { ipm, ipmIssues, ipmParams } from './ipm.js';
import { labelFlip, labelFlipParams } from './label-flip.js';
import { mimic, mimicIssues, mimicParams } from './mimic.js';
import { agnosticIssues, agnosticParams } from './agnostic-attack.js';
import { minMax } from './minmax.js';
import { minSum } from './minsum.js';
import { nonFinite, nonFiniteParams } from './non-finite.js';
import { none, noneParams } from './none.js';
import { signFlip, signFlipParams } from './sign-flip.js';
import { staleReplay, staleReplayParams } from './stale-replay.js';
import { zero, zeroParams } from './zero.js';
import { zenoPlusPlusAware, zenoPlusPlusAwareParams } from './zeno-plus-plus-aware.js';

/** A catalogue entry: the strict params schema, a factory, and what to show in `byzsim list`. */
export interface AttackEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  /** Builds the attack from parameters already resolved by `params`. */
  create(params: z.output<S>): Attack;
  /**
   * Settings where the attack would do nothing or fail mid-run, as config issues (paths relative to
   * `byzantine.attack`), checked before any work besides the generic check of `inertIssues`. docs/rules.md,
   * "Where each attack acts".
   */
  issues?(params: z.output<S>, setup: AttackSetup): ConfigIssue[];
  readonly summary: string;
  readonly citation: string;
}

/** Every attack, by the name used in configs. */
export const attacks = {
  'sign-flip': {
    params: signFlipParams,
    create: signFlip,
    summary: 'Sends −scale · (own honest gradient); scale 10 as in the Zeno++ experiments.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments).',
  },
  'label-flip': {
    params: labelFlipParams,
    create: labelFlip,
    summary: 'Trains honestly on flipped labels y → C − 1 − y and sends that gradient.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments).',
  },
  none: {
    params: noneParams,
    create: none,
    summary: 'Behaves honestly (a control for the Byzantine machinery).',
    citation: '—',
  },
  gaussian: {
    params: gaussianParams,
    create: gaussian,
    summary: 'Sends μ + σ·N(0, 1) per coordinate (default N(0, 200²), the Zeno code), ignoring the gradient.',
    citation: 'Xie, Koyejo, Gupta. Zeno: Distributed Stochastic Gradient Descent with Suspicion-based Fault-tolerance. ICML 2019.',
  },
  zero: {
    params: zeroParams,
    create: zero,
    summary: 'Sends the zero vector.',
    citation: '— (a common baseline)',
  },
  'non-finite': {
    params: nonFiniteParams,
    create: nonFinite,
    summary: 'Sets the first ⌈fraction·d⌉ coordinates to NaN, +∞ or −∞ and copies the rest; probes the NaN/Inf policy.',
    citation: '— (a robustness probe; docs/rules.md, "Non-finite inputs")',
  },
  huge: {
    params: hugeParams,
    create: huge,
    summary: 'Sends value · sign(g) (default 1e30, sign(0) = +): finite, but dwarfs every honest vector.',
    citation: '— (a robustness probe)',
  },
  'bit-flip': {
    params: bitFlipParams,
    create: bitFlip,
    issues: bitFlipIssues,
    summary: 'Flips float32 bits 22, 29, 30, 31 of the first 500 coordinates of g; may give NaN, ±∞ or huge values.',
    citation: 'Xie, Koyejo, Gupta. Zeno: Distributed Stochastic Gradient Descent with Suspicion-based Fault-tolerance. ICML 2019 (earlier code).',
  },
  ipm: {
    params: ipmParams,
    create: ipm,
    issues: ipmIssues,
    summary: 'Sends −ε · mean of the round\'s honest gradients (omniscient; −ε·g_own in async mode); ε = 0.1.',
    citation: 'Xie, Koyejo, Gupta. Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation. UAI 2019.',
  },
  alie: {
    params: alieParams,
    create: alie,
    issues: alieIssues,
    summary: 'Sends μ − z·σ per coordinate over the round\'s honest gradients (omniscient, sync); z = z_max(n, m) by default.',
    citation: 'Baruch, Baruch, Goldberg. A Little Is Enough: Circumventing Defenses For Distributed Learning. NeurIPS 2019.',
  },
  minmax: {
    params: agnosticParams,
    create: minMax,
    issues: agnosticIssues('minmax'),
    summary: 'All Byzantine send μ − γp, the largest γ whose distance to every honest gradient stays within the largest honest pairwise distance; p: unit, std or sign (omniscient, sync).',
    citation: 'Shejwalkar, Houmansadr. Manipulating the Byzantine: Optimizing Model Poisoning Attacks and Defenses for Federated Learning. NDSS 2021.',
  },
  minsum: {
    params: agnosticParams,
    create: minSum,
    issues: agnosticIssues('minsum'),
    summary: 'All Byzantine send μ − γp, the largest γ whose summed squared distance to the honest gradients stays within the smallest honest one (omniscient, sync).',
    citation: 'Shejwalkar, Houmansadr. Manipulating the Byzantine: Optimizing Model Poisoning Attacks and Defenses for Federated Learning. NDSS 2021.',
  },
  mimic: {
    params: mimicParams,
    create: mimic,
    issues: mimicIssues,
    summary: 'Copies the honest gradient of round worker `target` (default 0); sync mode with omniscient knowledge only.',
    citation: 'Karimireddy, He, Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing. ICLR 2022.',
  },
  'stale-replay': {
    params: staleReplayParams,
    create: staleReplay,
    summary: 'Resends its own honest gradient from `lag` of its steps ago (default 10); the oldest recorded one until then.',
    citation: 'Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (threat model).',
  },
  'zeno++-aware': {
    params: zenoPlusPlusAwareParams,
    create: zenoPlusPlusAware,
    summary: 'Sends a vector of norm scale·‖g‖ at cosine ρ/γ + margin to its own gradient: just passes Zeno++ (v ≈ g).',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (the test it evades).',
  },
  omission: {
    params: omissionParams,
    create: omission,
    summary: 'Sends nothing: the Byzantine gradient is never computed nor sent (crash or message loss); logged as omitted.',
    citation: 'Lamport, Shostak, Pease. The Byzantine Generals Problem. ACM TOPLAS 1982 (omission faults).',
  },
  delay: {
    params: delayParams,
    create: delay,
    summary: "Honest gradient, own timing (async): 'fastest' floods from the newest model, 'slowest' is maximally stale (delay × factor).",
    citation: 'Damaskinos et al. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018 (staleness as a threat).',
  },
  'kardam-flood': {
    params: kardamFloodParams,
    create: kardamFlood,
    summary: "Alternates ±scale·g so Kardam's per-worker Lipschitz records explode and its threshold with them; optionally floods (fastest timing).",
    citation: 'Targets Kardam (Damaskinos et al., ICML 2018); our construction.',
  },
} satisfies Record<string, AttackEntry>;

/** A registered attack name. */
export type AttackName = keyof typeof attacks;

/**
 * Builds the attack `name` from user parameters. Throws a ConfigError for an unknown name (listing the
 * known ones) or for bad parameters (naming the field under `prefix`, the value and what was expected).
 */
export function createAttack(name: string, params: unknown = {}, prefix = 'byzantine.attack', table: Readonly<Record<string, AttackEntry>> = attacks): Attack {
  const entry: AttackEntry = lookup<AttackEntry>(table, 'attack', name, prefix);
  return entry.create(parseParams(entry.params, params, prefix));
}

/**
 * Where the attack `name` with `params` would do nothing or fail mid-run in a run of shape `setup`: the generic
 * check (`inertIssues`) and the entry's own `issues`, with paths under `prefix`. Empty when it acts.
 */
export function attackIssues(name: string, params: unknown, setup: AttackSetup, prefix = 'byzantine.attack', table: Readonly<Record<string, AttackEntry>> = attacks): ConfigIssue[] {
  const entry: AttackEntry = lookup<AttackEntry>(table, 'attack', name, prefix);
  const parsed = parseParams(entry.params, params, prefix);
  const issues = [...inertIssues(entry.create(parsed), setup), ...(entry.issues?.(parsed, setup) ?? [])];
  return issues.map((i) => ({ ...i, path: [prefix, i.path].filter(Boolean).join('.') }));
}
