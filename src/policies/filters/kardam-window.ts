/**
 * A fixed-capacity FIFO of finite scalars: pushing into a full window overwrites the oldest value. Empty slots
 * hold NaN, so `values` can go straight to percentile() (which skips non-finite values) and the slot order,
 * which a percentile ignores, never has to be unrolled.
 */
export class ScalarWindow {
  /** The slots, in ring order; NaN marks an empty one. Read-only for callers. */
  readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
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

  /** Appends `x`, dropping the oldest value when full. A non-finite `x` would read as an empty slot, so it throws. */
  push(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`ScalarWindow: expected a finite value, got ${x}`);
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
