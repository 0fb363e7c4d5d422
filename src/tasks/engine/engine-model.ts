/**
 * A model's kernels in the engine, bound to one dataset in engine memory. Every argument is a byte address in this
 * thread's engine memory (params, grad, a split's row numbers, batch positions into the split) or a count.
 */
export interface EngineModel {
  /** Makes room for batches of `n` rows (grows scratch buffers, never shrinks them; results do not depend on it). */
  reserve(n: number): void;
  /** Writes the gradient of the mean loss over the batch into `grad` (every entry) and returns the mean loss. */
  gradient(params: number, grad: number, split: number, indices: number, n: number, flip: boolean): number;
  /** Mean loss over the batch (forward pass only). */
  loss(params: number, split: number, indices: number, n: number): number;
  /** Σ loss and the number of correct predictions over the first `n` rows of `split`, as two float64 at `out`. */
  evaluate(params: number, split: number, n: number, out: number): void;
}
