import { ConfigError } from '../../core/errors.js';

/**
 * A rule's requirement on n, the number of (finite) vectors it combines, stated once as data by each rule and
 * checked in one place ({@link requireRows}), so every rule reports a violation in the same shape:
 * `policy.f: expected n > 2f + 2 (n = 5), got f = 2`.
 */
export interface RowRequirement {
  /** The parameter the requirement constrains: 'f', 'b', 'm', 'neighbors'. */
  readonly param: string;
  /** Its value. */
  readonly value: number;
  /** The relation as users read it, e.g. 'n > 2f + 2'. */
  readonly relation: string;
  /** True when `n` vectors satisfy the requirement. */
  holds(n: number): boolean;
}

/** Shorthand for a {@link RowRequirement}. */
export function requirement(param: string, value: number, relation: string, holds: (n: number) => boolean): RowRequirement {
  return { param, value, relation, holds };
}

/**
 * Throws a ConfigError naming `${prefix}.${param}` unless every requirement holds for `n` vectors. `dropped`
 * (non-finite vectors removed before aggregating) is stated in the message, so a failure caused by rejected
 * inputs is not mistaken for a config mistake.
 */
export function requireRows(requirements: readonly RowRequirement[], n: number, prefix: string, dropped = 0): void {
  for (const r of requirements) {
    if (r.holds(n)) continue;
    const after = dropped === 0 ? '' : ` after dropping ${dropped} non-finite vector${dropped === 1 ? '' : 's'}`;
    throw ConfigError.at(`${prefix}.${r.param}`, `expected ${r.relation} (n = ${n}${after}), got ${r.param} = ${r.value}`);
  }
}
