/**
 * Counter-based seeded randomness. A key is derived from (seed, purpose, actor, ...) by hashing, and each
 * (key, step) pair opens its own short sequential stream. Nothing is shared or advanced globally, so adding
 * an actor or reordering code never shifts another consumer's draws (docs/design.md, determinism contract 1).
 */

/** A 128-bit key as four uint32 words. */
type Key = readonly [number, number, number, number];

/** One round of 32-bit avalanche mixing (murmur3 fmix32). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Absorbs one uint32 word into a key; every output word depends on every input word. */
function absorb(k: Key, word: number): Key {
  const a = fmix32((k[0] ^ word) + 0x9e3779b9);
  const b = fmix32((k[1] ^ a) + 0x7f4a7c15);
  const c = fmix32((k[2] ^ b) + 0x85ebca6b);
  const d = fmix32((k[3] ^ c) + 0xc2b2ae35);
  return [fmix32(a ^ d), b, c, d];
}

/** The two uint32 words of a double (little-endian), through one reused buffer: labels are absorbed per arrival. */
const labelDouble = new Float64Array(1);
const labelWords = new Uint32Array(labelDouble.buffer);

/** Absorbs a label: numbers as exact doubles (two words), strings as UTF-16 code units plus a length. */
function absorbLabel(k: Key, label: string | number): Key {
  if (typeof label === 'number') {
    if (!Number.isFinite(label)) throw new RangeError(`rng label must be finite, got ${label}`);
    labelDouble[0] = label;
    return absorb(absorb(absorb(k, 0x6e756d00), labelWords[0]), labelWords[1]);
  }
  let out = absorb(k, 0x73747200 ^ label.length);
  for (let i = 0; i < label.length; i++) out = absorb(out, label.charCodeAt(i));
  return out;
}

/** A sequential generator (sfc32) for the draws of one (key, step). Cheap to create, never shared. */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spareNormal: number | undefined;

  constructor(key: Key) {
    this.a = key[0];
    this.b = key[1];
    this.c = key[2];
    this.d = key[3] | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform uint32. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [lo, hi] (both inclusive), without modulo bias. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`int(${lo}, ${hi}): bad range`);
    const span = hi - lo + 1;
    if (span > 0x100000000) return lo + Math.floor(this.float() * span);
    const limit = 0x100000000 - (0x100000000 % span);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return lo + (x % span);
  }

  /** A standard normal draw (Marsaglia polar method; the spare value is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

/**
 * A node of the seeded RNG tree. `fork('worker', 3, 'batch')` derives a child key; `stream(step)` opens the
 * draws of one step. Both are pure functions of the root seed and the labels.
 */
export class Rng {
  private constructor(private readonly key: Key) {}

  /** The root of a run's tree. `seed` must be a safe integer. */
  static root(seed: number): Rng {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    return new Rng(absorbLabel([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], seed));
  }

  /** A child node keyed by the labels (purpose, actor id, ...). */
  fork(...labels: Array<string | number>): Rng {
    let k = this.key;
    for (const l of labels) k = absorbLabel(k, l);
    return new Rng(k);
  }

  /** The sequential draws for one counter value (a step, an arrival, an epoch). */
  stream(step = 0): RandomStream {
    return new RandomStream(absorbLabel(absorb(this.key, 0x73746570), step));
  }
}
