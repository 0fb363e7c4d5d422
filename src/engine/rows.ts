/**
 * A table of row addresses in engine memory, for kernels that take n rows at once (the aggregators). Rows
 * already in engine memory are used in place; any other row is copied into an engine buffer owned by the
 * table (kept and reused across calls, so a rule called every round allocates once). Kernels read rows only,
 * and compute the same bits wherever a row came from.
 */
import { engine, type Engine } from './engine.js';

export class RowTable {
  private readonly e: Engine = engine();
  private table: Uint32Array | undefined;
  private tablePtr = 0;
  private readonly copies: Float32Array[] = [];

  /** Byte address of a u32 table holding the address of each row (valid until the next `prepare`). */
  prepare(rows: readonly Float32Array[]): number {
    const n = rows.length;
    if (this.table === undefined || this.table.length < n) {
      if (this.table !== undefined) this.e.free(this.tablePtr, this.table.byteLength);
      this.tablePtr = this.e.alloc(Math.max(n, 16) * 4);
      this.table = new Uint32Array(this.e.memory.buffer, this.tablePtr, Math.max(n, 16));
    }
    for (let i = 0; i < n; i++) {
      let p = this.e.ptrOf(rows[i]);
      if (p < 0) {
        let copy = this.copies[i];
        if (copy === undefined || copy.length !== rows[i].length) {
          if (copy !== undefined) this.e.release(copy);
          copy = this.copies[i] = this.e.float32(rows[i].length);
        }
        copy.set(rows[i]);
        p = this.e.ptrOf(copy);
      }
      this.table[i] = p;
    }
    return this.tablePtr;
  }
}
