/**
 * Reusable SharedArrayBuffer-backed Float32Arrays of one length. Allocating fresh large buffers per job
 * dominates pool overhead (docs/design.md, 'Why memory is shared and recycled'), so model versions and gradient slots are recycled here.
 * Shared memory lets a job reach a worker thread without copying.
 */
export class BufferPool {
  private readonly free: Float32Array[] = [];
  private allocated = 0;

  constructor(readonly length: number) {}

  /** A buffer with unspecified contents; the caller overwrites it. */
  acquire(): Float32Array {
    const b = this.free.pop();
    if (b) return b;
    this.allocated++;
    return new Float32Array(new SharedArrayBuffer(this.length * Float32Array.BYTES_PER_ELEMENT));
  }

  release(b: Float32Array): void {
    this.free.push(b);
  }

  /** How many buffers were ever created (a bound on memory use). */
  get created(): number {
    return this.allocated;
  }
}
