/**
 * The shape of a run as an attack sees it before any work: enough to tell whether the attack can act there. An
 * attack that would do nothing in a setting (its Byzantine workers would send honest gradients under its name)
 * or fail in the middle of the run is refused with a ConfigError naming the field instead. docs/rules.md,
 * "Where each attack acts".
 */
import type { ConfigIssue } from '../core/errors.js';
import type { Attack } from './attack.js';

/** What a synchronous round can hold (sync mode; the async values are unused). */
export interface RoundShape {
  /** The most vectors a round aggregates: workers − sync.dropSlowest. */
  readonly size: number;
  /** The fewest vectors a round can hold (faults that lose pushes, a timing model that leaves workers out), ≥ 1. */
  readonly minSize: number;
  /** The most Byzantine vectors a round can hold. */
  readonly maxByzantine: number;
  /**
   * Every round holds every worker in worker-id order (no dropped stragglers, no lost pushes, a timing model
   * with `fullRounds`), so an index into the round is a worker id.
   */
  readonly allWorkers: boolean;
}

/** The run's shape, from its resolved config. */
export interface AttackSetup {
  readonly mode: 'async' | 'sync';
  readonly knowledge: 'omniscient' | 'local';
  readonly assignment: 'fixed' | 'bernoulli';
  readonly workers: number;
  /** byzantine.count */
  readonly count: number;
  /** Fixed assignment: the Byzantine worker ids as the run draws them (ascending); undefined under bernoulli. */
  readonly byzantineWorkers?: readonly number[];
  /** Async mode: whether a worker choosing its own model version and delay this way can change the run (the timing model's `timingAttacks`). */
  timingAttacks(action: { readonly latency: 'fastest' | 'slowest'; readonly factor: number }): boolean;
  readonly round: RoundShape;
  /** Sync mode: the attacker gets a private copy of the server's rule to search against (none for a rule with an `assess` step, such as zeno). */
  readonly defence: boolean;
}

/**
 * The generic check, whatever the attack: one that acts only on its workers' own timing does nothing in sync
 * mode (a round waits for the workers it picked before they pushed) or under a timing model that fixes the
 * schedule. `none` (no action: honest by design) is never refused. Paths are relative to `byzantine.attack`.
 */
export function inertIssues(attack: Attack, setup: AttackSetup): ConfigIssue[] {
  if (attack.acts.length === 0) return [];
  if (attack.acts.some((a) => a.on !== 'timing' || (setup.mode === 'async' && setup.timingAttacks(a)))) return [];
  const why =
    setup.mode === 'sync'
      ? 'in sync mode a round waits for the workers it picked whatever their delay, so its Byzantine workers would only send honest gradients later; use "mode": "async"'
      : "under this timing model its choice changes nothing (scripted timing; bounded with maxDelay 0; latency timing with 'slowest' and factor 1, which keeps the one model version and the worker's own delay), so its Byzantine workers would send honest gradients as the honest ones do; use latency timing (with factor > 1 for 'slowest') or bounded with maxDelay > 0";
  return [{ path: 'name', message: `${JSON.stringify(attack.name)} acts only on its workers' timing: ${why}` }];
}

/**
 * For attacks that craft from the round's honest gradients (sync mode, omniscient knowledge): elsewhere they know
 * only their own gradient and would send it unchanged. `what` says what the attack computes.
 */
export function needsRoundIssues(name: string, what: string, setup: AttackSetup): ConfigIssue[] {
  if (setup.mode === 'sync' && setup.knowledge === 'omniscient') return [];
  const why = setup.mode === 'async' ? 'in async mode there is no round' : 'with "knowledge": "local" a worker sees only its own gradient';
  return [
    {
      path: 'name',
      message:
        `${JSON.stringify(name)} ${what} from a round's honest gradients, known only in sync mode with "knowledge": "omniscient"; ${why}, ` +
        `so it would send the worker's own honest gradient unchanged: use "mode": "sync" with "knowledge": "omniscient", or an attack that acts here (${setup.mode === 'async' ? 'ipm, which uses the true gradient when omniscient, sign-flip, zeno++-aware, ...' : 'ipm, sign-flip, label-flip, ...'})`,
    },
  ];
}
