/**
 * Pre-aggregation: a step that maps the n vectors of a round to m new vectors before a robust rule combines
 * them (NNM, bucketing, clipping, ARC). A chain of them runs after non-finite vectors are dropped and before
 * the rule, in the order the config lists them (see {@link withPreAggregators}).
 */
import type { RandomStream } from '../../core/rng.js';
import type { RowRequirement } from '../aggregators/precondition.js';

/** One pre-aggregation step. */
export interface PreAggregator {
  readonly name: string;
  /**
   * The Byzantine vectors the step expects (NNM's and ARC's f), if it has such a parameter: like a rule's
   * budget it is reduced by the known-Byzantine vectors left out before the chain (docs/rules.md, the f budget).
   */
  readonly budget?: number;
  /** Preconditions on the number of vectors the step receives (and the reduced budget), checked like a rule's. */
  requirements(n: number): readonly RowRequirement[];
  /** True when output i is a function of input i alone (clipping, ARC), so a rule's selection maps back to inputs. */
  readonly oneToOne: boolean;
  /**
   * True when the step returns one output per input, output i centred on input i (NNM's mix around xᵢ, clipping,
   * ARC): a rule that trusts one sender (MoNNA's idx) still finds it. Omitted: false (bucketing).
   */
  readonly keepsPositions?: boolean;
  /**
   * Maps n finite, same-length `rows` to new vectors held in buffers the step owns (valid until its next call);
   * never writes `rows`. `random` opens the step's seeded stream for this call, for steps that draw (bucketing).
   * `budget` is this call's reduced budget: use it instead of the configured f.
   */
  apply(rows: readonly Float32Array[], random: () => RandomStream, budget: number): readonly Float32Array[];
}

/** `pool` grown to `count` vectors of length `d` (buffers reused across calls while the shape holds). */
export function outputs(pool: Float32Array[], count: number, d: number): Float32Array[] {
  if (pool.length > 0 && pool[0].length !== d) pool.length = 0;
  while (pool.length < count) pool.push(new Float32Array(d));
  return pool;
}
