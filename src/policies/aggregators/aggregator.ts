/**
 * The synchronous aggregation policy: n same-length vectors in, one vector out. Inputs are screened once,
 * here in {@link defineAggregator}, so no rule repeats the checks and none can forget them: ragged lengths
 * and an empty input are programming errors (RangeError); vectors containing NaN or ±Infinity are dropped
 * and reported (docs/rules.md, 'Non-finite inputs': treat a non-finite candidate as Byzantine, reject it and count it), and
 * the rule's preconditions are then checked on the vectors that remain.
 */
import { allFinite } from '../../engine/vectors.js';
import { requireRows, type RowRequirement } from './precondition.js';

/** What one call did besides computing the aggregate. Filled by `aggregate` when passed in. */
export interface AggregateStats {
  /** Input indices of the vectors dropped because they contain NaN or ±Infinity, ascending. */
  readonly rejected: number[];
  /** Input indices of the vectors a selection rule used (Krum 1, Multi-Krum m, Bulyan θ), ascending; empty for other rules. */
  readonly selected: number[];
}

/** An empty stats record to pass to {@link Aggregator.aggregate}; it is cleared and refilled on each call. */
export function aggregateStats(): AggregateStats {
  return { rejected: [], selected: [] };
}

/** What a call may bring besides the vectors. */
export interface AggregateContext {
  /**
   * A trusted vector from the server, for rules that need one (FLTrust's root-data gradient): in a run, the
   * gradient at the current model on a fresh minibatch of `needsReference` validation samples.
   */
  readonly reference?: Float32Array;
}

/** A synchronous robust aggregation rule. */
export interface Aggregator {
  readonly name: string;
  /** Set by rules that need `context.reference`: the validation samples the server should use to compute it. */
  readonly needsReference?: number;
  /**
   * Combines n same-length vectors into `out` (allocated if omitted) and returns it. Never mutates `inputs`
   * (`out` may not overlap any of them). Vectors containing NaN or ±Infinity are dropped first and listed in
   * `stats.rejected`. Throws a ConfigError naming the parameter (`policy.f: expected n > 2f + 2 (n = 5), got
   * f = 2`) when the rule's precondition fails on the remaining n, and a RangeError on ragged lengths, an
   * `out` of the wrong length, n = 0 or when every vector is non-finite.
   */
  aggregate(inputs: readonly Float32Array[], out?: Float32Array, stats?: AggregateStats, context?: AggregateContext): Float32Array;
}

/**
 * The rule-specific part of an aggregator. `combine` sees only finite vectors of one length
 * (`out.length`), at least one of them, with `requirements` already satisfied; it writes every element of
 * `out`, and pushes the indices (into `rows`) of the vectors it selected, if it selects.
 */
export interface AggregatorRule {
  readonly name: string;
  /** Preconditions on n, checked after non-finite vectors are dropped. */
  readonly requirements: readonly RowRequirement[];
  /** See {@link Aggregator.needsReference}; when set, `combine` always receives a finite `context.reference` of length d. */
  readonly needsReference?: number;
  combine(rows: readonly Float32Array[], out: Float32Array, selected: number[], context?: AggregateContext): void;
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Turns a rule into an Aggregator that screens its inputs (see the module comment). */
export function defineAggregator(rule: AggregatorRule, prefix: string): Aggregator {
  return {
    name: rule.name,
    ...(rule.needsReference !== undefined ? { needsReference: rule.needsReference } : {}),
    aggregate(inputs, out, stats, context) {
      const n = inputs.length;
      if (n === 0) throw new RangeError(`${rule.name}: no input vectors`);
      const d = inputs[0].length;
      for (let i = 1; i < n; i++) {
        if (inputs[i].length !== d) throw new RangeError(`${rule.name}: input ${i} has length ${inputs[i].length}, expected ${d} (as input 0)`);
      }
      if (out === undefined) out = new Float32Array(d);
      else if (out.length !== d) throw new RangeError(`${rule.name}: out has length ${out.length}, expected ${d}`);
      for (let i = 0; i < n; i++) {
        if (overlaps(out, inputs[i])) throw new RangeError(`${rule.name}: out overlaps input ${i}; inputs are never written`);
      }
      // Both lists are cleared first, so after a throw they describe this call, not the previous one.
      const rejected = stats?.rejected ?? [];
      const selected = stats?.selected ?? [];
      rejected.length = 0;
      selected.length = 0;
      // Finite rows are referenced, not copied. `index` maps a row back to its input position.
      let rows: readonly Float32Array[] = inputs;
      let index: number[] | undefined;
      for (let i = 0; i < n; i++) if (!allFinite(inputs[i])) rejected.push(i);
      if (rejected.length > 0) {
        if (rejected.length === n) throw new RangeError(`${rule.name}: all ${n} input vectors contain NaN or ±Infinity; nothing to aggregate`);
        index = [];
        for (let i = 0, r = 0; i < n; i++) {
          if (r < rejected.length && rejected[r] === i) r++;
          else index.push(i);
        }
        rows = index.map((i) => inputs[i]);
      }
      requireRows(rule.requirements, rows.length, prefix, rejected.length);
      if (rule.needsReference !== undefined) {
        const reference = context?.reference;
        if (reference === undefined) throw new RangeError(`${rule.name}: needs a reference vector (the server's gradient); pass { reference } as the fourth argument`);
        if (reference.length !== d) throw new RangeError(`${rule.name}: reference has length ${reference.length}, expected ${d}`);
        if (!allFinite(reference)) throw new RangeError(`${rule.name}: the reference vector contains NaN or ±Infinity`);
      }
      rule.combine(rows, out, selected, context);
      if (index !== undefined) for (let k = 0; k < selected.length; k++) selected[k] = index[selected[k]];
      selected.sort((a, b) => a - b);
      return out;
    },
  };
}
