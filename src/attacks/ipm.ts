import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import type { ConfigIssue } from '../core/errors.js';
import type { AttackSetup } from './attack-setup.js';
import { bestScale, omniscience, roundMemo } from './line-search.js';
import { knownGradients } from './round.js';

/** The default ε used when ε is a number by default, and by 'optimal' when it cannot search. */
export const IPM_DEFAULT_EPSILON = 0.1;

/** The default candidate ε of 'optimal': 0.01·2^k for k = 0..14 (0.01 … 163.84), geometric. */
export const IPM_DEFAULT_GRID: readonly number[] = Object.freeze(Array.from({ length: 15 }, (_, k) => 0.01 * 2 ** k));

/** Parameters of {@link ipm}. */
export const ipmParams = z
  .strictObject({
    /**
     * ε > 0; 0.1 defeats Krum with 11 of 25 Byzantine (CC code), a large ε is needed against the median.
     * 'optimal' searches `grid` against the defence each round (see {@link ipm}). @default 0.1
     */
    epsilon: z.union([z.number().gt(0), z.literal('optimal')]).default(IPM_DEFAULT_EPSILON),
    /** The candidate ε (each > 0) of epsilon = 'optimal'; not allowed otherwise. @default {@link IPM_DEFAULT_GRID} */
    grid: z.array(z.number().gt(0)).min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.grid !== undefined && p.epsilon !== 'optimal') {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `grid is used only with epsilon = 'optimal', got epsilon = ${p.epsilon}` });
    }
  });

/** IPM parameters as written by a user. */
export type IpmOptions = z.input<typeof ipmParams>;

/** out = −ε · (1/|R|) Σ_{g ∈ R} g, the sum in float64. */
function writeIpm(rows: readonly Float32Array[], epsilon: number, out: Float32Array): void {
  const scale = -epsilon / rows.length;
  for (let j = 0; j < out.length; j++) {
    let s = 0;
    for (let k = 0; k < rows.length; k++) s += rows[k][j];
    out[j] = scale * s;
  }
}

/**
 * Inner Product Manipulation: out = −ε · (1/|R|) Σ_{g ∈ R} g, R = the non-Byzantine entries of `ctx.round`,
 * the correct workers' gradients (omniscient; the Byzantine workers' own honest gradients are left out, as in
 * the definition and the CC code, and as the 'optimal' search's μ_H).
 * Every Byzantine worker sends the same vector. In async mode (no round) R = {true gradient at the pulled
 * model} with omniscient knowledge (`ctx.trueGradient`), else {g_own}: −ε·g_own is sign-flip with scale ε. The mean accumulates in float64. docs/rules.md, 'Attacks'.
 *
 * epsilon = 'optimal' (line search, after Fang et al. 2020 and Shejwalkar & Houmansadr 2021; see
 * line-search.ts): each round, for every ε of `grid`, the defence (`ctx.defence`, the attacker's private
 * copy of the server's rule) aggregates the round as it will see it — the honest entries of `ctx.round`
 * plus the q = count(roundByzantine) identical IPM vectors — and the ε minimising ⟨aggregate, μ_H⟩ (μ_H the
 * honest entries' mean; ties → the smaller ε) is used. The result depends only on the round, roundByzantine,
 * the defence and the grid; it is computed once per round (memo by array identity) at a cost of |grid|
 * aggregate calls (a stateful defence copy, e.g. centered clipping with start 'previous', sees those calls).
 * Without `round`, `roundByzantine` and `defence` (async mode, a Zeno server) or with no honest entry in the
 * round, 'optimal' falls back to ε = 0.1 ({@link IPM_DEFAULT_EPSILON}).
 * @see Xie, Koyejo, Gupta. Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation. UAI 2019.
 */
export function ipm(options: IpmOptions = {}): Attack {
  const { epsilon, grid = IPM_DEFAULT_GRID } = parseParams(ipmParams, options, 'byzantine.attack');
  const memo = roundMemo();
  // Async and omniscient: −ε × the true gradient at the pulled model (computed on byzantine.trueBatch samples).
  return defineAttack('ipm', (honest, out, ctx) => {
    const rows = knownGradients('ipm', honest, ctx);
    let eps = epsilon;
    if (eps === 'optimal') {
      const k = omniscience('ipm', ctx);
      eps = k === undefined ? IPM_DEFAULT_EPSILON : memo(k, () => bestScale(k, grid, (s, v) => writeIpm(rows, s, v)));
    }
    writeIpm(rows, eps, out);
  }, [{ on: 'vector', knowledge: 'true-gradient' }]);
}

/**
 * IPM acts in every mode (docs/rules.md, "Where each attack acts"); only epsilon = 'optimal' needs what a search
 * runs on: the round and the attacker's copy of the rule (sync mode, omniscient knowledge, a rule without an
 * assess step). Elsewhere it would always use ε = 0.1 under the name 'optimal', so it is refused.
 */
export function ipmIssues({ epsilon }: z.output<typeof ipmParams>, setup: AttackSetup): ConfigIssue[] {
  if (epsilon !== 'optimal' || (setup.mode === 'sync' && setup.knowledge === 'omniscient' && setup.defence)) return [];
  const why = setup.mode === 'async' ? 'async mode has no round' : setup.knowledge === 'local' ? 'with "knowledge": "local" the attack sees no round' : 'a rule with an assess step (zeno) gives the attacker no copy';
  return [{ path: 'epsilon', message: `epsilon = 'optimal' searches ε against the attacker's copy of the server's rule on the round's honest gradients, but ${why}: every Byzantine vector would use ε = ${IPM_DEFAULT_EPSILON}; give a number` }];
}
