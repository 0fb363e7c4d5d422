/**
 * Which value a full window drops: 'oldest' (FIFO), or 'smallest', as the authors' Kardam template does (its
 * `filterCheck` sorts each worker's list in place, so the later `remove(0)` drops the smallest value, not the
 * oldest; a worker's maximum then never decreases).
 */
export type Eviction = 'oldest' | 'smallest';

/**
 * A fixed-capacity window of finite scalars: pushing into a full window overwrites the oldest value (or the
 * smallest, with eviction 'smallest'). Empty slots hold NaN, so `values` can go straight to percentile() (which
 * skips non-finite values) and the slot order, which a percentile ignores, never has to be unrolled.
 */
export class ScalarWindow {
  /** The slots, in ring order; NaN marks an empty one. Read-only for callers. */
  readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly eviction: Eviction = 'oldest',
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`ScalarWindow: expected a capacity >= 1, got ${capacity}`);
    this.values = new Float64Array(capacity).fill(NaN);
  }

  /** How many values the window holds. */
  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `x`, dropping the oldest (or smallest) value when full. A non-finite `x` would read as an empty slot, so it throws. */
  push(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`ScalarWindow: expected a finite value, got ${x}`);
    if (this.eviction === 'smallest' && this.count === this.capacity) {
      // Drop the smallest value (the first slot holding it), keep the rest: the template's sort + remove(0) + add.
      let at = 0;
      for (let i = 1; i < this.capacity; i++) if (this.values[i] < this.values[at]) at = i;
      this.values[at] = x;
      return;
    }
    this.values[this.next] = x;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The largest value held, or NaN when empty. */
  max(): number {
    let m = NaN;
    for (let i = 0; i < this.capacity; i++) {
      const x = this.values[i];
      if (x === x && !(x <= m)) m = x; // x === x skips empty (NaN) slots; !(x <= m) is true while m is NaN
    }
    return m;
  }
}
