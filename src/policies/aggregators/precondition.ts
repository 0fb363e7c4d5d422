import { PreconditionError } from '../../core/errors.js';

/**
 * A rule's requirement on n, the number of (finite) vectors it combines, stated once as data by each rule and
 * checked in one place ({@link requireRows}), so every rule reports a violation in the same shape:
 * `policy.f: expected n > 2f + 2 (n = 5), got f = 2`.
 */
export interface RowRequirement {
  /** The parameter the requirement constrains: 'f', 'b', 'm', 'neighbors'. */
  readonly param: string;
  /** Its configured value. */
  readonly value: number;
  /** The relation as users read it, e.g. 'n > 2f + 2'. */
  readonly relation: string;
  /**
   * True when `n` vectors satisfy the requirement. `budget` is the rule's Byzantine budget (its f, or the
   * trimmed mean's b) for this call: the configured value less the known-Byzantine vectors already left out
   * (see {@link AggregatorRule.budget}); a requirement on the budget must use it, not the configured value.
   */
  holds(n: number, budget: number): boolean;
}

/** Shorthand for a {@link RowRequirement}. */
export function requirement(param: string, value: number, relation: string, holds: (n: number, budget: number) => boolean): RowRequirement {
  return { param, value, relation, holds };
}

/**
 * The budget a rule runs with once `known` senders are known to be Byzantine (their vectors were dropped as
 * non-finite, or never arrived): f′ = max(0, f − known). The rule aggregates the other n − known vectors, among
 * which at most f′ can be Byzantine, so every precondition of the form n > c·f + d that held for (n, f) still
 * holds for (n − known, f′) whenever known ≤ f.
 */
export function reducedBudget(budget: number, known: number): number {
  return Math.max(0, budget - known);
}

/**
 * Throws a PreconditionError (a ConfigError) naming `${prefix}.${param}` unless every requirement holds for
 * `n` vectors and the reduced `budget`. `dropped` (known-Byzantine vectors left out before aggregating) is
 * stated in the message, so a failure caused by rejected inputs is not mistaken for a config mistake.
 */
export function requireRows(requirements: readonly RowRequirement[], n: number, prefix: string, dropped = 0, budget = 0): void {
  for (const r of requirements) {
    if (r.holds(n, budget)) continue;
    const after = dropped === 0 ? '' : ` after leaving out ${dropped} known-Byzantine vector${dropped === 1 ? '' : 's'}, budget ${budget}`;
    throw PreconditionError.at(`${prefix}.${r.param}`, `expected ${r.relation} (n = ${n}${after}), got ${r.param} = ${r.value}`);
  }
}
