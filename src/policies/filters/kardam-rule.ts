/**
 * What the three Kardam variants share: their resolved settings, the interface each implements, the distance
 * kernel and the lazily sized vector store that holds their private copies.
 */
import { engine } from '../../engine/engine.js';
import type { ArrivalContext, Decision } from './filter.js';
import type { Eviction } from './kardam-window.js';
import type { PercentileDefinition } from './percentile.js';

/** A variant's settings with every 'auto' resolved for n workers (see `kardamParams`). */
export interface KardamSettings {
  /** Number of workers n. */
  readonly n: number;
  /** Capacity of the table of Lipschitz values (per worker for 'java'). */
  readonly window: number;
  /** Percentile level of the threshold, in (0, 1]. */
  readonly quantile: number;
  readonly percentile: PercentileDefinition;
  /** Multiplier of the threshold. */
  readonly slack: number;
  /** Outcome when the model distance in the denominator is 0, so k is undefined ('current': 'paper' only, see kardamPaper). */
  readonly zeroDistance: 'accept' | 'reject' | 'current';
  /** Which value a full per-worker list drops ('java' and 'paper'). */
  readonly eviction: Eviction;
}

/**
 * One Kardam variant. `judge` sees only well-formed candidates (defineFilter screened them), updates its own
 * state, and never writes the applied direction (the factory does, with dampening, on acceptance). `admits` is
 * the frequency filter, asked only once the Lipschitz test has passed: when it refuses, the candidate is rejected
 * with reason 'frequency' and the variant keeps it out of its accepted state (its Lipschitz bookkeeping of the
 * arrival, done before the test, stays).
 */
export interface KardamRule {
  judge(g: Float32Array, ctx: ArrivalContext, admits?: () => boolean): Decision;
}

export { distance } from '../../engine/vectors.js';

/** Returns a store's engine memory once the store is collected (a filter lives as long as its run). */
const released = new FinalizationRegistry<Float32Array>((buffer) => engine().release(buffer));

/**
 * `count` vectors a rule must own (the server recycles gradient and model buffers, so a rule that compares
 * against a past gradient or model keeps its own copy). The dimension is learned from the first candidate:
 * one Float32Array(count·dim) is allocated then, in engine memory, with one view per vector, and nothing afterwards.
 */
export class VectorStore {
  private dim = -1;
  private views: Float32Array[] = [];

  constructor(
    private readonly count: number,
    private readonly owner: string,
  ) {}

  /** The `count` vectors of length `dim`; throws if `dim` differs from the first call's (a wiring bug). */
  vectors(dim: number): readonly Float32Array[] {
    if (this.dim === dim) return this.views;
    if (this.dim !== -1) throw new Error(`${this.owner}: candidate has length ${dim}, but the filter was sized for ${this.dim}`);
    // In engine memory, so the distances to these vectors run in the engine's kernels (same bits as in JS).
    const buffer = engine().float32(this.count * dim);
    released.register(this, buffer);
    this.views = Array.from({ length: this.count }, (_, i) => buffer.subarray(i * dim, (i + 1) * dim));
    this.dim = dim;
    return this.views;
  }
}
