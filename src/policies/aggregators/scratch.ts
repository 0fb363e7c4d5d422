/** A Float64Array of at least `length` elements: `buf` itself when large enough, else a new one. */
export function atLeast(buf: Float64Array, length: number): Float64Array {
  return buf.length >= length ? buf : new Float64Array(length);
}
