/**
 * The asynchronous server policy: one arriving candidate at a time, accept (with the direction to apply)
 * or reject. Malformed candidates are screened once here, in {@link defineFilter}, so no rule repeats the
 * check and none can forget it (docs/design.md: a non-finite or wrong-length vector never reaches the model).
 */
import { allFinite } from '../../engine/vectors.js';

/** What the server knows when a candidate arrives. */
export interface ArrivalContext {
  /** The server's current validation gradient (filters with refreshEvery > 0), else undefined. */
  readonly validation: Float32Array | undefined;
  /**
   * ‖validation‖² (squaredNorm's bits), when the caller computed it once per refresh; undefined: a filter that needs
   * it computes it.
   */
  readonly validationSquaredNorm?: number;
  /** Learning rate now (γ_t). */
  readonly lr: number;
  /** Learning rate at the start (γ_0). */
  readonly initialLr: number;
  /** Server version at arrival minus the version the candidate was computed on. */
  readonly staleness: number;
  /**
   * This arrival's index in the run (0, 1, 2, ...), counting every arrival the server handles: screened ones
   * (non-finite, wrong-length) and omitted ones included. The server always sets it; contexts built by hand
   * may leave it out. Filters that act every K arrivals (server-only) use it, so their steps land where the
   * validator's refreshes do whatever the attack sends.
   */
  readonly arrival?: number;
  /** Sender id. Zeno++ ignores it (workers are anonymous); Kardam keeps per-worker bookkeeping. */
  readonly worker: number;
  /** The model the candidate was computed on (read-only). */
  readonly baseParams: Float32Array;
  /** The latest model, the one an accepted direction is applied to (read-only). */
  readonly currentParams: Float32Array;
  /**
   * The learning rate η_w of the sender's local steps when workers train locally (the candidate is then the update
   * u = (x_base − x_local)/η_w); undefined otherwise, when a candidate is one gradient taken at rate `lr`.
   */
  readonly workerLr?: number;
}

/** Why a candidate was rejected: malformed input, a zero norm that cannot be normalized, or a failed test. */
/**
 * Why a candidate was not used: malformed input, a zero norm that cannot be normalized, a failed test, too few
 * vectors for the rule, nothing sent, lost to a fault, the frequency bound, or (sync selection rules: Krum, Multi-Krum, Bulyan)
 * 'unselected': a well-formed vector the rule did not pick, which is not a rejection (summaries count it apart).
 */
export type RejectReason = 'non-finite' | 'wrong-length' | 'zero-norm' | 'score' | 'too-few' | 'omitted' | 'frequency' | 'unselected' | 'lost';

/** The outcome for one candidate. */
export interface Decision {
  readonly accepted: boolean;
  /** The rule's score; NaN when not computed. */
  readonly score: number;
  /** Set on every rejection. */
  readonly reason?: RejectReason;
  /** Accepted into a buffer, with nothing to apply yet (`out` untouched); the step comes with a later arrival. */
  readonly deferred?: boolean;
  /**
   * The server steps along `out` although this candidate was rejected: the step is the filter's own, not the
   * candidate's (server-only steps on its validation gradient at arrivals 0, K, 2K, … whatever arrived).
   */
  readonly serverStep?: boolean;
  /** The step size of this update when the rule sets its own (FedAsync's mixing weight): x ← x − step·d instead of x − lr·d. */
  readonly step?: number;
}

/** An asynchronous filter (Zeno++, plain async SGD, ...). */
export interface AsyncFilter {
  readonly name: string;
  /** Arrivals between refreshes of the validation gradient; 0 = the filter needs none. */
  readonly refreshEvery: number;
  /** Validation minibatch size n_s (0 when unused). */
  readonly validationBatch: number;
  /**
   * Decides on one candidate of the expected length `dim` (= `out.length`). When accepted, writes into
   * `out` the direction d so the server applies x ← x − lr·d; when rejected, leaves `out` untouched.
   * Never mutates `candidate`.
   */
  decide(candidate: Float32Array, ctx: ArrivalContext, out: Float32Array): Decision;
  /**
   * An arrival that brought no vector (the omission attack). Filters built with {@link defineFilter} pass it to
   * their rule's `screened`; when absent the server logs a rejection 'omitted'.
   */
  omitted?(ctx: ArrivalContext, out: Float32Array): Decision;
}

/** Why the screen stopped an arrival before the rule's `judge`. */
export type ScreenReason = 'non-finite' | 'wrong-length' | 'omitted';

/**
 * The rule-specific part of a filter. `judge` only ever sees a finite candidate with
 * `candidate.length === out.length`; it must write `out` only when it accepts.
 */
export interface FilterRule {
  readonly name: string;
  readonly refreshEvery: number;
  readonly validationBatch: number;
  judge(candidate: Float32Array, ctx: ArrivalContext, out: Float32Array): Decision;
  /**
   * True when `judge` screens finiteness itself: it then also receives candidates with NaN or ±Infinity, and must
   * return reject('non-finite') for exactly those, before writing `out` (Zeno++ reads it off ‖g‖², which it
   * computes anyway: see squaredNormAndDot), so the screen skips its own scan. The length is still screened.
   */
  readonly checksFinite?: boolean;
  /**
   * Sees every arrival the screen stops (non-finite, wrong-length, omitted), with its context, and returns its
   * decision; without it such an arrival is rejected with its reason. It never gets the candidate, so nothing
   * malformed can reach the model; a rule that counts arrivals or acts on a schedule (server-only) uses it.
   */
  screened?(reason: ScreenReason, ctx: ArrivalContext, out: Float32Array): Decision;
}

/** An acceptance with the rule's score (NaN when the rule computes none). */
export function accept(score = NaN): Decision {
  return { accepted: true, score };
}

/** A rejection with its reason and the score, if one was computed. */
export function reject(reason: RejectReason, score = NaN): Decision {
  return { accepted: false, score, reason };
}

/**
 * Why `candidate` cannot be judged at all, or undefined when it is well formed. The length is checked
 * first: it is O(1) and a short vector would make the finiteness scan meaningless.
 */
export function screenCandidate(candidate: Float32Array, dim: number): 'wrong-length' | 'non-finite' | undefined {
  if (candidate.length !== dim) return 'wrong-length';
  if (!allFinite(candidate)) return 'non-finite';
  return undefined;
}

/** Turns a rule into an AsyncFilter whose `decide` rejects malformed candidates before the rule runs. */
export function defineFilter(rule: FilterRule): AsyncFilter {
  return {
    name: rule.name,
    refreshEvery: rule.refreshEvery,
    validationBatch: rule.validationBatch,
    decide(candidate, ctx, out) {
      if (rule.checksFinite && candidate.length === out.length) {
        const decision = rule.judge(candidate, ctx, out);
        return decision.reason === 'non-finite' && rule.screened ? rule.screened('non-finite', ctx, out) : decision;
      }
      const problem = screenCandidate(candidate, out.length);
      if (problem === undefined) return rule.judge(candidate, ctx, out);
      return rule.screened ? rule.screened(problem, ctx, out) : reject(problem);
    },
    omitted(ctx, out) {
      return rule.screened ? rule.screened('omitted', ctx, out) : reject('omitted');
    },
  };
}
