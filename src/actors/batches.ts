import type { Rng } from '../core/rng.js';

/**
 * IID shards: a seeded permutation of the training indices cut into `workers` contiguous pieces whose sizes
 * differ by at most one.
 */
export function iidShards(trainSize: number, workers: number, rng: Rng): Int32Array[] {
  const perm = rng.stream().shuffle(Int32Array.from({ length: trainSize }, (_, i) => i));
  const shards: Int32Array[] = [];
  for (let w = 0; w < workers; w++) {
    shards.push(perm.slice(Math.floor((w * trainSize) / workers), Math.floor(((w + 1) * trainSize) / workers)));
  }
  return shards;
}

/**
 * Fresh index arrays of one length, carved out of blocks of `perBlock`: a typed array over 64 bytes has its own
 * off-heap store, whose allocation and collection cost ~1 µs, so one is made per block, not per batch. Each array
 * is a region no other array shares and nothing writes after its owner filled it. (A pool job posting one copies
 * its block, a few KB.)
 */
class IndexBlocks {
  private block = new Int32Array(0);
  private used = 0;

  constructor(private readonly length: number, private readonly perBlock = 16) {}

  next(): Int32Array {
    if (this.used + this.length > this.block.length) {
      this.block = new Int32Array(this.length * this.perBlock);
      this.used = 0;
    }
    this.used += this.length;
    return this.block.subarray(this.used - this.length, this.used);
  }
}

/**
 * Minibatches that walk through a shard epoch by epoch, each epoch in its own seeded order (the usual
 * shuffled-epoch SGD). Batch s covers positions s·B … s·B+B−1 of the endless concatenation of epochs, so it
 * is a pure function of (shard, rng, s) no matter in which order batches are asked for.
 */
export class EpochBatches {
  private epoch = -1;
  private order: Int32Array;
  private readonly fresh: IndexBlocks;

  constructor(private readonly shard: Int32Array, private readonly batchSize: number, private readonly rng: Rng) {
    if (shard.length === 0) throw new Error('a worker shard is empty: more workers than training samples');
    this.order = new Int32Array(shard.length);
    this.fresh = new IndexBlocks(batchSize);
  }

  /** Indices of batch `step`. */
  batch(step: number): Int32Array {
    const out = this.fresh.next();
    const n = this.shard.length;
    let pos = step * this.batchSize;
    // Run by run within one epoch (a batch spans two when it crosses an epoch's end).
    for (let j = 0; j < this.batchSize; ) {
      const epoch = Math.floor(pos / n);
      this.useEpoch(epoch);
      for (let at = pos - epoch * n; j < this.batchSize && at < n; j++, at++, pos++) out[j] = this.order[at];
    }
    return out;
  }

  private useEpoch(e: number): void {
    if (e === this.epoch) return;
    this.order.set(this.shard);
    this.rng.stream(e).shuffle(this.order);
    this.epoch = e;
  }
}

/**
 * `k` distinct indices out of 0..n−1 for draw `step` (partial Fisher–Yates on a reused scratch array that holds
 * 0..n−1 between draws: a draw undoes its k swaps afterwards, so it costs O(k), not O(n)).
 */
export class SubsetSampler {
  private readonly scratch: Int32Array;
  /** The partner of each of a draw's swaps, to undo them. */
  private readonly swapped: Int32Array;
  private readonly fresh: IndexBlocks;

  constructor(private readonly n: number, private readonly k: number, private readonly rng: Rng) {
    if (k > n) throw new Error(`cannot sample ${k} distinct indices out of ${n}`);
    this.scratch = Int32Array.from({ length: n }, (_, i) => i);
    this.swapped = new Int32Array(k);
    this.fresh = new IndexBlocks(k);
  }

  sample(step: number): Int32Array {
    const s = this.scratch;
    const stream = this.rng.stream(step);
    for (let i = 0; i < this.k; i++) {
      const j = stream.int(i, this.n - 1);
      this.swapped[i] = j;
      const t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    const out = this.fresh.next();
    out.set(s.subarray(0, this.k));
    for (let i = this.k - 1; i >= 0; i--) {
      const j = this.swapped[i];
      const t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    return out;
  }
}
