import { PreconditionError } from '../core/errors.js';
import { allFinite } from '../engine/vectors.js';
import { aggregateStats, followingState, type AggregateContext, type Aggregator } from '../policies/aggregators/aggregator.js';
import type { ZenoRule } from '../policies/aggregators/zeno.js';
import type { Decision } from '../policies/filters/filter.js';
import type { Push } from './messages.js';
import { arrivalRecord, candidateOf, lost, omitted } from './arrival.js';
import type { Server, ServerBaseContext } from './server-policy.js';
import { sgdStep } from '../engine/vectors.js';
import type { RoundTimings } from '../timing/timing.js';

/** Losses for Zeno's scores, computed as pool jobs: f_r at x and at each trial step x − γu_i. */
export interface RoundScorer {
  /** Starts the jobs of one round on a fresh server minibatch; `undefined` candidates get no job (NaN). */
  start(round: number, x: Float32Array, candidates: ReadonlyArray<Float32Array | undefined>, lr: number): ScoringJob;
}

export interface ScoringJob {
  readonly pending: Promise<{ readonly before: number; readonly after: readonly number[] }>;
  /** Returns the trial buffers; call once the result has been used. */
  release(): void;
}

/** The server's own gradient for rules that need a reference (FLTrust), computed as a pool job each round. */
export interface ReferenceSource {
  /** Starts the gradient at `x` on a fresh minibatch of `batch` validation samples for `round`. */
  start(round: number, x: Float32Array, batch: number): Promise<Float32Array>;
}

/** How a round's vectors become one direction: a robust aggregator, or Zeno's scored ranking. */
export type SyncRule =
  | { readonly kind: 'aggregator'; readonly aggregator: Aggregator }
  | { readonly kind: 'zeno'; readonly zeno: ZenoRule; readonly scorer: RoundScorer };

/** What the synchronous server needs besides the common server context: its rule and the round's shape. */
export interface SyncServerContext extends ServerBaseContext {
  readonly rule: SyncRule;
  /** Runs `run` with the result at the current virtual time once `pending` has settled (the scheduler awaits it in turn). */
  readonly continueWhen: <T>(pending: Promise<T>, run: (value: T) => void) => void;
  readonly workers: number;
  /** Omniscient attacks see the round's honest gradients; local ones only their own. */
  readonly omniscient: boolean;
  /** The attacker's private copy of the aggregation rule (omniscient attacks that know the defence). */
  readonly defence?: Aggregator;
  /** The k slowest workers of each round are not waited for (their pushes are never computed). */
  readonly dropSlowest: number;
  /** Each worker's push timing (delay in ticks from the round's start), or undefined if it skips the round. */
  readonly roundTimings: RoundTimings;
  /** Number of rounds (= model updates attempted). */
  readonly rounds: number;
  /** Computes the reference vector of rules that need one (`aggregator.needsReference`). */
  readonly reference?: ReferenceSource;
}

const accepted: Decision = { accepted: true, score: Number.NaN };
// Selection rules (Krum, Multi-Krum, Bulyan) use some vectors and leave the others: not a rejection.
const notSelected: Decision = { accepted: false, score: Number.NaN, reason: 'unselected' };
const nonFinite: Decision = { accepted: false, score: Number.NaN, reason: 'non-finite' };
const tooFew: Decision = { accepted: false, score: Number.NaN, reason: 'too-few' };

/**
 * The synchronous server: rounds with a barrier. Every worker computes on the same model version; the
 * server waits for the first n − k pushes of the round (in virtual time), aggregates them with a robust rule,
 * takes one SGD step and starts the next round. Because delays are drawn when the round starts, the k
 * stragglers are known then and their gradients are never computed.
 */
export class SyncServerActor implements Server {
  private round = 0;
  private skippedRounds = 0;
  private arrivals = 0;
  private expected = 0;
  private received: Push[] = [];
  /** This round's pushes from an omission attack: logged, never aggregated. */
  private omittedThisRound: Push[] = [];
  private readonly crafted: Float32Array[] = [];
  private readonly direction: Float32Array;
  private readonly stats = aggregateStats();

  /** The attacker's copy of the rule, starting each call from the server rule's state (centered clipping's previous aggregate). */
  private readonly defence: Aggregator | undefined;

  constructor(private readonly ctx: SyncServerContext) {
    this.defence = ctx.defence && ctx.rule.kind === 'aggregator' ? followingState(ctx.rule.aggregator, ctx.defence) : ctx.defence;
    this.direction = ctx.slots.acquire();
  }

  get done(): number {
    return this.round;
  }

  /** Rounds that applied no update (every vector omitted or non-finite, or the rule's precondition failed). */
  get skipped(): number {
    return this.skippedRounds;
  }

  /** The sync server's own jobs (Zeno's losses, FLTrust's reference) are not counted as gradient jobs. */
  readonly serverGradientJobs = 0;

  start(): void {
    this.startRound();
  }

  receivePush(push: Push): void {
    this.received.push(push);
    if (this.received.length === this.expected) this.endRound();
  }

  private startRound(): void {
    const { history, workers, dropSlowest } = this.ctx;
    const timings = this.ctx.roundTimings(this.round);
    // The first n − k present workers by (delay, worker id) are the ones the round waits for.
    const present = Array.from({ length: workers }, (_, w) => w).filter((w) => timings[w] !== undefined);
    const order = present.sort((a, b) => timings[a]!.delay - timings[b]!.delay || a - b);
    const waitedFor = order.slice(0, Math.max(0, present.length - dropSlowest)).sort((a, b) => a - b);
    this.expected = waitedFor.length;
    for (const w of waitedFor) this.ctx.sendPull(w, { ...timings[w]!, version: history.latest, handled: this.round });
  }

  private endRound(): void {
    // Aggregate in worker-id order, whatever order the pushes arrived in (rules need not be permutation-invariant).
    // Omitted pushes (omission attack) bring no vector: they are logged, and the round aggregates the rest.
    const all = this.received.sort((a, b) => a.worker - b.worker);
    this.received = [];
    this.omittedThisRound = all.filter((p) => p.omitted || p.lost !== undefined);
    const pushes = all.filter((p) => !p.omitted && p.lost === undefined);
    const { rule, reference } = this.ctx;
    const batch = rule.kind === 'aggregator' ? rule.aggregator.needsReference : undefined;
    if (batch === undefined) {
      this.combine(pushes, undefined);
      return;
    }
    if (reference === undefined) throw new Error(`${rule.kind === 'aggregator' ? rule.aggregator.name : 'rule'}: needs a reference gradient, but the server has no source for one`);
    // FLTrust: the server's gradient at the round's model, computed before anything is crafted or aggregated.
    const x = this.ctx.history.params(this.ctx.history.latest);
    this.ctx.continueWhen(reference.start(this.round, x, batch), (g0) => this.combine(pushes, g0));
  }

  private combine(pushes: Push[], reference: Float32Array | undefined): void {
    const { rule } = this.ctx;
    // Omitting senders are known Byzantine: they reduce the rule's budget (f, b) like a non-finite vector does.
    const context: AggregateContext = { ...(reference ? { reference } : {}), absent: this.omittedThisRound.length };
    // The attacker's copy of the rule sees the round as the server will (reference and absent senders).
    const defence = this.defence ? { aggregate: (inputs: readonly Float32Array[]) => this.defence!.aggregate(inputs, undefined, undefined, context) } : undefined;
    // Omniscient attacks see the round's honest gradients (crafted vectors go to separate buffers).
    const round = this.ctx.omniscient ? pushes.map((p) => p.gradient) : undefined;
    const roundByzantine = pushes.map((p) => p.byzantine);
    const knowledge = round ? { round, roundByzantine, defence } : undefined;
    const inputs = pushes.map((p, i) => candidateOf(p, this.ctx, () => (this.crafted[i] ??= this.ctx.slots.acquire()), knowledge));
    if (rule.kind === 'aggregator' || inputs.length === 0) {
      this.finishRound(pushes, rule.kind === 'aggregator' && inputs.length > 0 ? this.aggregate(rule.aggregator, inputs, context) : undefined);
      return;
    }
    // Zeno: score every finite candidate by trial steps evaluated in the pool, then rank.
    const lr = this.ctx.lr(this.round);
    const x = this.ctx.history.params(this.ctx.history.latest);
    const job = rule.scorer.start(this.round, x, inputs.map((u) => (allFinite(u) ? u : undefined)), lr);
    this.ctx.continueWhen(job.pending, ({ before, after }) => {
      const scores = inputs.map((u, i) => (Number.isNaN(after[i]) ? Number.NaN : rule.zeno.score(before, after[i], u)));
      job.release();
      const kept: number[] = [];
      let ok: boolean;
      try {
        ok = rule.zeno.select(inputs, scores, this.direction, kept, context.absent);
      } catch (e) {
        if (!(e instanceof PreconditionError)) throw e;
        ok = false;
      }
      this.finishRound(
        pushes,
        ok ? inputs.map((u, i) => ({ accepted: kept.includes(i), score: scores[i], ...(kept.includes(i) ? {} : { reason: allFinite(u) ? 'score' : 'non-finite' }) } as Decision)) : undefined,
        inputs.map((u) => (allFinite(u) ? tooFew : nonFinite)),
      );
    });
  }

  /** Applies the step (when the round produced one), logs every push and starts the next round. */
  private finishRound(pushes: Push[], decisions: Decision[] | undefined, skipped?: Decision[]): void {
    const { history } = this.ctx;
    if (decisions === undefined) this.skippedRounds++;
    else {
      const next = history.draft();
      const finite = sgdStep(next, history.params(history.latest), this.ctx.lr(this.round), this.ctx.momentum ? this.ctx.momentum(this.direction) : this.direction, this.ctx.weightDecay);
      history.publish(next, finite);
    }
    const logged: Array<[Push, Decision]> = pushes.map((p, i) => [
      p,
      decisions?.[i] ?? skipped?.[i] ?? (this.stats.rejected.includes(i) ? nonFinite : tooFew),
    ]);
    for (const p of this.omittedThisRound) logged.push([p, p.lost !== undefined ? lost : omitted]);
    logged.sort(([a], [b]) => a.worker - b.worker);
    for (const [p, decision] of logged) {
      this.ctx.onArrival(arrivalRecord(p, this.ctx.attack.name, { time: this.ctx.now(), arrival: this.arrivals++, staleness: 0, decision, serverVersion: history.latest }));
      history.release(p.version);
      this.ctx.slots.release(p.gradient);
    }
    this.round++;
    if (this.round < this.ctx.rounds) this.startRound();
  }

  /**
   * Aggregates into `direction`; per input, whether it counted (selected by a selecting rule, or simply not
   * dropped as non-finite). Undefined when the rule's precondition fails on what is left (every vector
   * non-finite, or too few left even with the budget reduced by the known-Byzantine senders): the round is
   * skipped, the model unchanged. Any other error is a bug and stops the run, naming the round.
   */
  private aggregate(aggregator: Aggregator, inputs: Float32Array[], context: AggregateContext): Decision[] | undefined {
    try {
      aggregator.aggregate(inputs, this.direction, this.stats, context);
    } catch (e) {
      if (e instanceof PreconditionError) return undefined;
      throw new Error(`sync server, round ${this.round}: ${aggregator.name} failed on ${inputs.length} vectors: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const { rejected, selected } = this.stats;
    return inputs.map((_, i) =>
      rejected.includes(i) ? nonFinite : selected.length === 0 || selected.includes(i) ? accepted : notSelected,
    );
  }
}
