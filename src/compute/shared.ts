/**
 * A zero-filled Float32Array on a new SharedArrayBuffer. Params and gradient slots live in these so that
 * posting a job to a pool thread shares the memory instead of cloning it, and the thread writes its
 * gradient straight into the caller's slot (docs/design.md, 'Why memory is shared and recycled').
 */
export function sharedFloat32(length: number): Float32Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`sharedFloat32: length must be an integer ≥ 0, got ${length}`);
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** Whether `a` is a view on a SharedArrayBuffer (and so visible to other threads without copying). */
export function isShared(a: ArrayBufferView): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}
