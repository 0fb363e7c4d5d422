import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import { agnosticSearch, type AgnosticBound } from './agnostic-search.js';
import { knownGradients } from './round.js';
import type { ConfigIssue } from '../core/errors.js';
import { needsRoundIssues, type AttackSetup } from './attack-setup.js';

/** Parameters shared by MinMax and MinSum. */
export const agnosticParams = z.strictObject({
  /** The perturbation p: 'unit' −μ/‖μ‖ direction, 'std' the coordinate-wise std, 'sign' sign(μ). @default 'unit' */
  direction: z.enum(['unit', 'std', 'sign']).default('unit'),
  /** γ₀, the first scale tried; the search reaches at most 2γ₀. @default 10 (the authors' code) */
  gammaInit: z.number().positive().finite().default(10),
  /** The search stops when its step is below this. @default 1e-5 (the authors' code) */
  tolerance: z.number().positive().default(1e-5),
});

export type AgnosticOptions = z.input<typeof agnosticParams>;

/**
 * An AGR-agnostic attack (MinMax or MinSum) as an Attack: every Byzantine worker of a round sends the same
 * vector, found once per round (memo by the round's identity) from the known honest gradients (`ctx.round` in
 * sync omniscient mode: its non-Byzantine entries, as for IPM and ALIE; see `knownGradients`). docs/rules.md,
 * 'MinMax and MinSum attacks'.
 */
export function agnosticAttack(name: string, bound: AgnosticBound, options: AgnosticOptions): Attack {
  const { direction, gammaInit, tolerance } = parseParams(agnosticParams, options, 'byzantine.attack');
  let memoKey: readonly Float32Array[] | undefined;
  let memo = new Float32Array(0);
  return defineAttack(name, (honest, out, ctx) => {
    const rows = knownGradients(name, honest, ctx);
    if (ctx.round !== undefined && ctx.round === memoKey && memo.length === out.length) {
      out.set(memo);
      return;
    }
    agnosticSearch(rows, bound, direction, gammaInit, tolerance, out);
    if (ctx.round !== undefined) {
      memoKey = ctx.round;
      memo = out.slice();
    }
  });
}

/**
 * Where MinMax or MinSum would do nothing: without a round (async mode, local knowledge) they know one gradient,
 * find γ = 0 and send it unchanged, so they are refused there (docs/rules.md, "Where each attack acts").
 */
export function agnosticIssues(name: string): (params: z.output<typeof agnosticParams>, setup: AttackSetup) => ConfigIssue[] {
  return (_params, setup) => needsRoundIssues(name, 'sends μ − γp, its γ searched', setup);
}
