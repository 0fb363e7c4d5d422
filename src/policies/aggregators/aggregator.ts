/**
 * The synchronous aggregation policy: n same-length vectors in, one vector out. Inputs are screened once,
 * here in {@link defineAggregator}, so no rule repeats the checks and none can forget them: ragged lengths
 * and an empty input are programming errors (RangeError); vectors containing NaN or ±Infinity are dropped
 * and reported (docs/rules.md, 'Non-finite inputs': a non-finite candidate is treated as Byzantine, rejected
 * and counted), and the rule's preconditions are then checked on the vectors that remain.
 *
 * The f budget: a dropped vector, and a sender the caller knows sent nothing (`context.absent`), is a known
 * Byzantine sender. The rule aggregates the rest with its budget (f, or the trimmed mean's b) reduced by their
 * number, f′ = max(0, f − r), so up to f non-finite or silent senders never stall training: n − r > 2f′ + 2
 * holds whenever n > 2f + 2 and r ≤ f (and likewise for every rule's precondition). A new rule gets this by
 * declaring `budget` and reading `context.budget` instead of its configured f.
 */
import { PreconditionError } from '../../core/errors.js';
import { allFinite } from '../../engine/vectors.js';
import { reducedBudget, requireRows, type RowRequirement } from './precondition.js';
import type { RoundJobs } from './round-jobs.js';

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
  /** Per input, a score a rule computed for it with pool jobs (Zeno's descendant score; NaN: none), in input order. */
  readonly scores?: readonly number[];
  /**
   * Senders known to be Byzantine that sent no vector this call (an omission): with the vectors dropped as
   * non-finite they reduce the rule's budget (see the module comment). @default 0
   */
  readonly absent?: number;
  /**
   * Per input, the id of its sender (in a sync run, the worker id), for rules that trust one sender (MoNNA's
   * `idx`). `combine` gets them for its rows, mapped past the dropped non-finite inputs. @default the input positions
   */
  readonly senders?: readonly number[];
}

/** What `combine` gets besides the rows: the call's context and the budget it runs with. */
export interface CombineContext extends AggregateContext {
  /** The reduced budget max(0, budget − known): use it wherever the rule would use its configured f (0 for rules without one). */
  readonly budget: number;
  /**
   * r, the known-Byzantine vectors left out (dropped + absent): a rule that hands its rows to another
   * aggregator passes it on as that aggregator's `absent`, so the inner rule's budget is reduced too.
   */
  readonly known: number;
}

/** A synchronous robust aggregation rule. */
export interface Aggregator {
  readonly name: string;
  /** Set by rules that need `context.reference`: the validation samples their `prepare` computes it on. */
  readonly needsReference?: number;
  /**
   * Sync runs, for rules that need pool jobs before the round's Byzantine vectors are crafted (FLTrust's
   * server gradient): what it resolves to joins the context of every aggregate call of the round, the
   * attacker's copy of the rule included.
   */
  prepare?(jobs: RoundJobs): Promise<AggregateContext>;
  /**
   * Sync runs, for rules that judge the round's candidates (after crafting) with pool jobs (Zeno's losses at
   * trial steps): what it resolves to joins the context of the server's aggregate call. A rule with `assess`
   * cannot be called inside crafting, so attacks get no copy of it to aim at.
   */
  assess?(candidates: readonly Float32Array[], jobs: RoundJobs): Promise<AggregateContext>;
  /**
   * Combines n same-length vectors into `out` (allocated if omitted) and returns it. Never mutates `inputs`
   * (`out` may not overlap any of them). Vectors containing NaN or ±Infinity are dropped first and listed in
   * `stats.rejected`; with `context.absent` they reduce the rule's budget. Throws a PreconditionError (a
   * ConfigError) naming the parameter (`policy.f: expected n > 2f + 2 (n = 5), got f = 2`) when the rule's
   * precondition fails on what remains, when every vector is non-finite, or when the reference vector a rule
   * needs (FLTrust's g₀) is non-finite; a RangeError on ragged lengths, an `out` of the wrong length or
   * overlapping an input, n = 0, or a missing or wrong-length reference (programming errors).
   */
  aggregate(inputs: readonly Float32Array[], out?: Float32Array, stats?: AggregateStats, context?: AggregateContext): Float32Array;
  /**
   * Rules that keep state between calls (centered clipping's previous aggregate): a copy of it, and a way to
   * load one. Stateless rules leave it out.
   */
  readonly state?: { save(): unknown; load(state: unknown): void };
}

/**
 * The rule-specific part of an aggregator. `combine` sees only finite vectors of one length
 * (`out.length`), at least one of them, with `requirements` already satisfied for `context.budget`; it writes
 * every element of `out`, and pushes the indices (into `rows`) of the vectors it selected, if it selects.
 */
export interface AggregatorRule {
  readonly name: string;
  /**
   * The Byzantine vectors the rule tolerates (Krum's f, the trimmed mean's b), if it has such a parameter.
   * Each call hands `combine` and the requirements the reduced budget max(0, budget − known), known = vectors
   * dropped as non-finite + absent senders. Omitted (no budget): they get 0.
   */
  readonly budget?: number;
  /** Preconditions on n (and the reduced budget), checked after non-finite vectors are dropped. */
  readonly requirements: readonly RowRequirement[];
  /**
   * See {@link Aggregator.needsReference}; when set, `combine` always receives a finite `context.reference` of
   * length d, computed by the `prepare` step {@link referenceGradient} unless the rule brings its own.
   */
  readonly needsReference?: number;
  /** See {@link Aggregator.prepare}. */
  prepare?(jobs: RoundJobs): Promise<AggregateContext>;
  /** See {@link Aggregator.assess}; `combine` then gets the scores it returned for its rows (`context.scores[k]` is row k's). */
  assess?(candidates: readonly Float32Array[], jobs: RoundJobs): Promise<AggregateContext>;
  /**
   * True when a non-finite input always shows in `out` (the mean: float64 sums of float32 values cannot overflow,
   * and NaN and ±∞ propagate), for a stateless rule without requirements, reference or `assess`: the screen then combines
   * all inputs first and scans them one by one only when `out` has a NaN or ±∞, combining again on the finite
   * ones; with finite inputs that saves a pass over every row, and the result is the same.
   */
  readonly finiteFromResult?: boolean;
  combine(rows: readonly Float32Array[], out: Float32Array, selected: number[], context: CombineContext): void;
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** The pool-job steps of `rule` (`prepare`, `assess`, and the `needsReference` they serve), to pass on in a wrapper. */
export function poolJobsOf(rule: Pick<Aggregator, 'needsReference' | 'prepare' | 'assess'>): Pick<Aggregator, 'needsReference' | 'prepare' | 'assess'> {
  return {
    ...(rule.needsReference !== undefined ? { needsReference: rule.needsReference } : {}),
    ...(rule.prepare ? { prepare: rule.prepare } : {}),
    ...(rule.assess ? { assess: rule.assess } : {}),
  };
}

/**
 * The `prepare` step of rules that need a reference: the server's gradient at the round's model on a fresh
 * minibatch of `batch` validation samples (the server's validation set plays FLTrust's root dataset).
 */
export function referenceGradient(batch: number): (jobs: RoundJobs) => Promise<AggregateContext> {
  return (jobs) => jobs.gradient(jobs.params, jobs.validationBatch('reference-batch', batch)).then((reference) => ({ reference }));
}

/** Turns a rule into an Aggregator that screens its inputs (see the module comment). */
export function defineAggregator(rule: AggregatorRule, prefix: string): Aggregator {
  return {
    name: rule.name,
    ...poolJobsOf(rule.needsReference !== undefined && !rule.prepare ? { ...rule, prepare: referenceGradient(rule.needsReference) } : rule),
    aggregate(inputs, out, stats, context) {
      const n = inputs.length;
      const absent = context?.absent ?? 0;
      if (!Number.isInteger(absent) || absent < 0) throw new RangeError(`${rule.name}: context.absent must be an integer ≥ 0, got ${absent}`);
      if (n === 0) throw new RangeError(`${rule.name}: no input vectors`);
      const d = inputs[0].length;
      for (let i = 1; i < n; i++) {
        if (inputs[i].length !== d) throw new RangeError(`${rule.name}: input ${i} has length ${inputs[i].length}, expected ${d} (as input 0)`);
      }
      if (context?.senders !== undefined && context.senders.length !== n) throw new RangeError(`${rule.name}: context.senders has ${context.senders.length} entries, expected one per input (${n})`);
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
      if (rule.finiteFromResult && rule.requirements.length === 0 && rule.needsReference === undefined && rule.assess === undefined) {
        rule.combine(inputs, out, selected, { ...context, budget: reducedBudget(rule.budget ?? 0, absent), known: absent });
        if (allFinite(out)) {
          selected.sort((a, b) => a - b);
          return out;
        }
        selected.length = 0; // some input is not finite: screen them and combine again below
      }
      for (let i = 0; i < n; i++) if (!allFinite(inputs[i])) rejected.push(i);
      if (rejected.length > 0) {
        if (rejected.length === n) throw PreconditionError.at(prefix, `expected at least one finite vector, got none of ${n} (all contain NaN or ±Infinity)`);
        index = [];
        for (let i = 0, r = 0; i < n; i++) {
          if (r < rejected.length && rejected[r] === i) r++;
          else index.push(i);
        }
        rows = index.map((i) => inputs[i]);
      }
      const known = rejected.length + absent;
      const budget = reducedBudget(rule.budget ?? 0, known);
      requireRows(rule.requirements, rows.length, prefix, known, budget);
      if (rule.needsReference !== undefined) {
        const reference = context?.reference;
        if (reference === undefined) throw new RangeError(`${rule.name}: needs a reference vector (the server's gradient); pass { reference } as the fourth argument`);
        if (reference.length !== d) throw new RangeError(`${rule.name}: reference has length ${reference.length}, expected ${d}`);
        // A data-dependent failure (the server's gradient overflowed), not a bug: the round is skipped, as when every vector is non-finite.
        if (!allFinite(reference)) throw PreconditionError.at(prefix, `expected a finite reference vector (the server's gradient), got one containing NaN or ±Infinity`);
      }
      const scores = context?.scores && index ? { scores: index.map((i) => context.scores![i]) } : {};
      const senders = index ? { senders: index.map((i) => context?.senders?.[i] ?? i) } : {};
      rule.combine(rows, out, selected, { ...context, ...scores, ...senders, budget, known });
      if (index !== undefined) for (let k = 0; k < selected.length; k++) selected[k] = index[selected[k]];
      selected.sort((a, b) => a - b);
      return out;
    },
  };
}

/**
 * An attacker's private copy of the server's rule that starts every call from the server rule's current
 * state (loaded before each call): a line search scoring several candidates in one round sees each from where
 * the server really is, not from where its own trial calls left the copy.
 */
export function followingState(server: Aggregator, copy: Aggregator): Aggregator {
  if (server.state === undefined || copy.state === undefined) return copy;
  const from = server.state;
  const to = copy.state;
  return {
    name: copy.name,
    ...poolJobsOf(copy),
    aggregate(inputs, out, stats, context) {
      to.load(from.save());
      return copy.aggregate(inputs, out, stats, context);
    },
  };
}
