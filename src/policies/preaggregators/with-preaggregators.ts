import { Rng } from '../../core/rng.js';
import { ConfigError } from '../../core/errors.js';
import { defineAggregator, aggregateStats, poolJobsOf, type Aggregator } from '../aggregators/aggregator.js';
import { reducedBudget, requireRows } from '../aggregators/precondition.js';
import type { PreAggregator } from './preaggregator.js';

/**
 * A rule preceded by pre-aggregation steps, as one Aggregator: non-finite vectors are dropped first (as for
 * any rule), then each step maps the vectors in turn, checking its own preconditions on what it receives
 * (`${prefix}.pre[i].<param>`), and the rule combines what the last step returns, its preconditions checked on
 * that count (so Krum after bucketing by s needs ⌈n/s⌉ > 2f + 2). Step i draws from `rng.fork('pre', i)`,
 * stream k on the k-th call, so a run's buckets are seeded and reproducible. `stats.selected` is reported only
 * when every step is one-to-one (clipping, ARC); after mixing or bucketing no output is one input.
 */
export function withPreAggregators(steps: readonly PreAggregator[], rule: Aggregator, prefix: string, rng: Rng = Rng.root(0)): Aggregator {
  if (steps.length === 0) return rule;
  // Scores judge each input as sent; after mixing or bucketing no vector is one input.
  if (rule.assess) throw ConfigError.at(`${prefix}.pre`, `expected no pre-aggregation for ${rule.name}, which scores each vector as sent; got ${steps.length} step(s)`);
  const forks = steps.map((_, i) => rng.fork('pre', i));
  const oneToOne = steps.every((s) => s.oneToOne);
  const keepsPositions = steps.every((s) => s.keepsPositions);
  const inner = aggregateStats();
  let call = 0;
  const chain = defineAggregator(
    {
      name: `${steps.map((s) => s.name).join('+')}+${rule.name}`,
      requirements: [],
      ...poolJobsOf(rule),
      combine(rows, out, selected, context) {
        const { known } = context;
        const k = call++;
        let vectors = rows;
        // The f budget: the r known-Byzantine vectors left out before the chain reduce every step's f and the
        // rule's (passed on as `absent`); mixing and bucketing never make more than f − r outputs Byzantine.
        steps.forEach((step, i) => {
          const budget = reducedBudget(step.budget ?? 0, known);
          requireRows(step.requirements(vectors.length), vectors.length, `${prefix}.pre[${i}]`, known, budget);
          vectors = step.apply(vectors, () => forks[i].stream(k), budget);
        });
        // Senders pass on while every output is centred on its input (MoNNA's trusted idx); after bucketing, positions are buckets.
        const senders = keepsPositions && context.senders ? { senders: context.senders } : {};
        rule.aggregate(vectors, out, inner, { ...(context.reference ? { reference: context.reference } : {}), ...senders, absent: known });
        if (oneToOne) selected.push(...inner.selected);
      },
    },
    prefix,
  );
  // The chain's state is its call count (the stream each step draws) and the rule's state (centered clipping's
  // previous aggregate): an attacker's copy that loads it before each trial call draws, for every trial of a
  // round, the stream of that round from its own branch, instead of one more stream per trial call.
  const ruleState = rule.state;
  const state = {
    save: (): unknown => ({ call, rule: ruleState?.save() }),
    load(saved: unknown): void {
      const s = saved as { call: number; rule: unknown };
      call = s.call;
      ruleState?.load(s.rule);
    },
  };
  return { ...chain, state };
}
