import { distance, VectorStore } from './kardam-rule.js';
import { ScalarWindow, type Eviction } from './kardam-window.js';

/**
 * The authors' per-worker Lipschitz bookkeeping (LPD-EPFL/kardam `utils/Filtering.java`: `setModel`, `setGrad`
 * and `updateLip`, run on every arrival before the check, accepted or not). For an arrival from worker w:
 *
 *   lip_w = ‖g − g_w‖ / ‖x_base − x_w‖   (g_w, x_w: w's previous gradient and the model it was computed on)
 *
 * appended to w's list of the last `window` values. A zero model difference skips the sample and keeps the
 * previous (g_w, x_w), as the template ignores a same-epoch gradient. Each worker's value for the threshold is
 * the maximum of its list (`maxima`, NaN until it has one). Memory: 2n vectors of the model's size.
 */
export class WorkerLipschitz {
  private readonly store: VectorStore;
  private readonly lists: ScalarWindow[];
  private readonly seen: Uint8Array;
  /** Each worker's largest recorded value, NaN while it has none (percentile() skips NaN). */
  readonly maxima: Float64Array;
  /** Whether any worker has a value yet. */
  any = false;

  constructor(
    readonly n: number,
    window: number,
    eviction: Eviction,
  ) {
    this.store = new VectorStore(2 * n, 'kardam');
    this.lists = Array.from({ length: n }, () => new ScalarWindow(window, eviction));
    this.seen = new Uint8Array(n);
    this.maxima = new Float64Array(n).fill(NaN);
  }

  /** Records worker w's arrival; returns the coefficient recorded, or NaN when none was (first gradient, zero model difference). */
  record(w: number, g: Float32Array, base: Float32Array): number {
    const n = this.n;
    const v = this.store.vectors(g.length);
    let lip = NaN;
    if (this.seen[w] === 1) {
      const dx = distance(base, v[n + w]);
      if (dx === 0) return NaN;
      lip = distance(g, v[w]) / dx;
      this.lists[w].push(lip);
      this.maxima[w] = this.lists[w].max();
      this.any = true;
    }
    v[w].set(g);
    v[n + w].set(base);
    this.seen[w] = 1;
    return lip;
  }
}
