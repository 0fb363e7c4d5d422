import { engine } from '../engine/engine.js';

/**
 * Reusable Float32Arrays of one length in the engine's memory. Model versions, gradient slots and server scratch
 * live here, so the WebAssembly kernels work on them in place, and (the memory being shared) a job posts them
 * to a pool thread without copying. Freshly allocating large buffers per job would dominate the run.
 */
export class BufferPool {
  private readonly free: Float32Array[] = [];
  private readonly all: Float32Array[] = [];
  private disposed = false;

  constructor(readonly length: number) {}

  /** A buffer with unspecified contents; the caller overwrites it. */
  acquire(): Float32Array {
    if (this.disposed) throw new Error('buffer pool used after dispose');
    const b = this.free.pop();
    if (b) return b;
    const fresh = engine().float32(this.length);
    this.all.push(fresh);
    return fresh;
  }

  release(b: Float32Array): void {
    this.free.push(b);
  }

  /** How many buffers were ever created (a bound on memory use). */
  get created(): number {
    return this.all.length;
  }

  /** Returns every buffer to the engine; none may be used afterwards (call when the run is over). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const e = engine();
    for (const b of this.all) e.release(b);
    this.all.length = 0;
    this.free.length = 0;
  }
}
