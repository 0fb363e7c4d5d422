import { PreconditionError } from '../core/errors.js';
import { aggregateStats, followingState, type AggregateContext, type Aggregator } from '../policies/aggregators/aggregator.js';
import type { Decision } from '../policies/filters/filter.js';
import type { Push } from './messages.js';
import { arrivalRecord, candidateOf, lost, omitted } from './arrival.js';
import type { Server, ServerBaseContext } from './server-policy.js';
import { sgdStep } from '../engine/vectors.js';
import type { RoundTimings } from '../timing/timing.js';
import type { RoundJobsHandle } from './pool-jobs.js';

/** What the synchronous server needs besides the common server context: its rule and the round's shape. */
export interface SyncServerContext extends ServerBaseContext {
  readonly aggregator: Aggregator;
  /** The pool jobs of round `round` at model `params` and rate `lr`, for rules that ask for some (`prepare`, `assess`). */
  readonly jobs: (round: number, params: Float32Array, lr: number) => RoundJobsHandle;
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
    // A rule that assesses the round's candidates with pool jobs cannot be called inside crafting: no copy to aim at.
    this.defence = ctx.defence && !ctx.aggregator.assess ? followingState(ctx.aggregator, ctx.defence) : undefined;
    this.direction = ctx.slots.acquire();
  }

  get done(): number {
    return this.round;
  }

  /** Rounds that applied no update (every vector omitted or non-finite, or the rule's precondition failed). */
  get skipped(): number {
    return this.skippedRounds;
  }

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
    const { aggregator, history } = this.ctx;
    const x = history.params(history.latest);
    const jobs = aggregator.prepare || aggregator.assess ? this.ctx.jobs(this.round, x, this.ctx.lr(this.round)) : undefined;
    // Jobs before the attack (FLTrust's server gradient): their result is the round's context, the attacker's copy's too.
    if (aggregator.prepare) this.ctx.continueWhen(aggregator.prepare(jobs!), (context) => this.combine(pushes, context, jobs));
    else this.combine(pushes, {}, jobs);
  }

  private combine(pushes: Push[], prepared: AggregateContext, jobs: RoundJobsHandle | undefined): void {
    const { aggregator } = this.ctx;
    // Omitting senders are known Byzantine: they reduce the rule's budget (f, b) like a non-finite vector does.
    // Senders name the inputs by worker id (MoNNA's trusted idx), whoever was omitted or not waited for.
    const context: AggregateContext = { ...prepared, absent: this.omittedThisRound.length, senders: pushes.map((p) => p.worker) };
    // The attacker's copy of the rule sees the round as the server will (reference and absent senders).
    const defence = this.defence ? { aggregate: (inputs: readonly Float32Array[]) => this.defence!.aggregate(inputs, undefined, undefined, context) } : undefined;
    // Omniscient attacks see the round's honest gradients (crafted vectors go to separate buffers).
    const round = this.ctx.omniscient ? pushes.map((p) => p.gradient) : undefined;
    const roundByzantine = pushes.map((p) => p.byzantine);
    const knowledge = round ? { round, roundByzantine, defence } : undefined;
    const inputs = pushes.map((p, i) => candidateOf(p, this.ctx, () => (this.crafted[i] ??= this.ctx.slots.acquire()), knowledge));
    const finish = (full: AggregateContext) => {
      const decisions = inputs.length > 0 ? this.aggregate(aggregator, inputs, full) : undefined;
      jobs?.release();
      this.finishRound(pushes, decisions);
    };
    // Jobs on the candidates (Zeno's losses at trial steps): their result joins the server's call only.
    if (aggregator.assess && inputs.length > 0) this.ctx.continueWhen(aggregator.assess(inputs, jobs!), (assessed) => finish({ ...context, ...assessed }));
    else finish(context);
  }

  /** Applies the step (when the round produced one), logs every push and starts the next round. */
  private finishRound(pushes: Push[], decisions: Decision[] | undefined): void {
    const { history } = this.ctx;
    if (decisions === undefined) this.skippedRounds++;
    else {
      const next = history.draft();
      const finite = sgdStep(next, history.params(history.latest), this.ctx.lr(this.round), this.ctx.momentum ? this.ctx.momentum(this.direction) : this.direction, this.ctx.weightDecay);
      history.publish(next, finite);
    }
    const logged: Array<[Push, Decision]> = pushes.map((p, i) => [
      p,
      decisions?.[i] ?? (this.stats.rejected.includes(i) ? nonFinite : tooFew),
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
   * non-finite, too few left even with the budget reduced by the known-Byzantine senders, or a non-finite
   * reference vector for FLTrust): the round is
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
    // A rule that scored its candidates (Zeno) logs each score, and leaves the unselected out for their score.
    const scores = context.scores;
    return inputs.map((_, i): Decision =>
      rejected.includes(i)
        ? nonFinite
        : selected.length === 0 || selected.includes(i)
          ? scores ? { accepted: true, score: scores[i] } : accepted
          : scores ? { accepted: false, score: scores[i], reason: 'score' } : notSelected,
    );
  }
}
