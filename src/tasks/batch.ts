import type { Dataset } from './dataset.js';

/** A batch in the layout the model consumes: inputs [B, features] and targets [B, C] (one-hot) or [B, 1]. */
export interface Batch {
  readonly size: number;
  readonly x: Float32Array;
  readonly target: Float32Array;
}

/**
 * Builds batches into buffers that grow but are reused, because allocating fresh large arrays per job is
 * the dominant cost on our machines (docs/design.md, 'Why memory is shared and recycled'). A batch is valid only until the next gather.
 */
export class BatchBuilder {
  private x = new Float32Array(0);
  private target = new Float32Array(0);
  private rows = new Int32Array(0);

  constructor(private readonly ds: Dataset) {}

  /**
   * Gathers the examples at positions `indices` of split `splitRows` (the simulator picks the indices).
   * With `flipLabels`, a class label y becomes C − 1 − y; a regression target y becomes −y.
   */
  gather(splitRows: Int32Array, indices: Int32Array, flipLabels: boolean): Batch {
    const n = indices.length;
    if (this.rows.length < n) this.rows = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = indices[i];
      // Out-of-range reads of typed arrays give undefined → NaN silently; refuse them instead.
      if (!(k >= 0 && k < splitRows.length)) throw new RangeError(`batch index ${k} at position ${i} is outside the split (size ${splitRows.length})`);
      this.rows[i] = splitRows[k];
    }
    return this.rowsBatch(this.rows.subarray(0, n), flipLabels);
  }

  /** Gathers dataset rows `rows` directly (used for whole-split evaluation in chunks). */
  rowsBatch(rows: Int32Array, flipLabels: boolean): Batch {
    const { x: data, y, features: d, classes: c } = this.ds;
    const n = rows.length;
    const width = c > 0 ? c : 1;
    if (this.x.length < n * d) this.x = new Float32Array(n * d);
    if (this.target.length < n * width) this.target = new Float32Array(n * width);
    const x = this.x.subarray(0, n * d);
    const target = this.target.subarray(0, n * width);
    target.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      x.set(data.subarray(r * d, r * d + d), i * d);
      if (c > 0) target[i * c + (flipLabels ? c - 1 - y[r] : y[r])] = 1;
      else target[i] = flipLabels ? -y[r] : y[r];
    }
    return { size: n, x, target };
  }
}
