/** One tensor inside the flat parameter vector. */
export interface ParamBlock {
  /** `W0`, `b0`, `W1`, ... (layer index as suffix). */
  readonly name: string;
  /**
   * Tensor shape, row-major: `[in, out]` for dense weights, `[out]` for biases, `[kh, kw, in, out]` for convolution
   * filters (mnist-cnn).
   */
  readonly shape: readonly number[];
  /** First index of the block in the flat vector. */
  readonly offset: number;
  /** Number of elements. */
  readonly size: number;
}
