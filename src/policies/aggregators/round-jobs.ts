/**
 * Pool jobs a synchronous aggregator may ask the server for, one round at a time: loss evaluations at trial
 * points (Zeno), the server's own gradient on validation data (FLTrust), ... The server hands a fresh
 * `RoundJobs` to the rule's `prepare` and `assess` steps each round and awaits what they return through the
 * event loop before it goes on, so jobs may finish in any wall-clock order: a rule only ever sees their
 * results through the promises it combines (`Promise.all` keeps its own order), never in completion order.
 */
export interface RoundJobs {
  /** The round's number (it seeds the round's validation draws). */
  readonly round: number;
  /** x, the model every vector of the round was computed at. Read-only. */
  readonly params: Float32Array;
  /** γ, the round's learning rate (the server will step x − γ·aggregate). */
  readonly lr: number;
  /**
   * This round's minibatch of `size` distinct validation samples (capped at the validation set) from the draw
   * named `label`: seeded by (run seed, label) and the round, so the same label gives the same samples within
   * a round and fresh ones the next. A label keeps the size it was first asked with.
   */
  validationBatch(label: string, size: number): Int32Array;
  /** A scratch vector of length d (e.g. a trial point x − γu), valid until the round ends. */
  scratch(): Float32Array;
  /** The mean loss at `params` over validation samples `indices` (a forward pass on the pool). */
  loss(params: Float32Array, indices: Int32Array): Promise<number>;
  /** The gradient at `params` over validation samples `indices`, in a buffer valid until the round ends. */
  gradient(params: Float32Array, indices: Int32Array): Promise<Float32Array>;
}
