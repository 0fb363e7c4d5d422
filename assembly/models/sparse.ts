// The first layer of a dense network on sparse input rows (the dataset's compressed rows, assembly/models/data.ts):
// the forward product and the weight-gradient update, over the non-zero entries only. Columns go in blocks of 32
// held in eight SIMD registers, so each non-zero entry costs one load of a W row block per eight multiply-adds; the
// remaining out mod 32 columns go through axpyRow. Either way each output element is, in float32, its starting
// value then + value·W[k, j] for the entries in increasing order: the blocking changes speed, not bits.
import { rowOf } from './data';
import { axpyRow } from './rows';

/** dst[j] = bias[j] + Σ_p value[p]·W[index[p], j] over entries p = first..end−1 in order, for j < out. */
export function sparseForward(dst: usize, bias: usize, w: usize, out: i32, index: usize, value: usize, first: i32, end: i32): void {
  const rowBytes = <usize>out << 2;
  const blocks = out & ~31;
  for (let c = 0; c < blocks; c += 32) {
    const o = <usize>c << 2;
    let a0 = v128.load(bias + o), a1 = v128.load(bias + o + 16), a2 = v128.load(bias + o + 32), a3 = v128.load(bias + o + 48);
    let a4 = v128.load(bias + o + 64), a5 = v128.load(bias + o + 80), a6 = v128.load(bias + o + 96), a7 = v128.load(bias + o + 112);
    for (let p = first; p < end; p++) {
      const v = f32x4.splat(load<f32>(value + (<usize>p << 2)));
      const row = w + <usize>load<i32>(index + (<usize>p << 2)) * rowBytes + o;
      a0 = f32x4.add(a0, f32x4.mul(v, v128.load(row)));
      a1 = f32x4.add(a1, f32x4.mul(v, v128.load(row + 16)));
      a2 = f32x4.add(a2, f32x4.mul(v, v128.load(row + 32)));
      a3 = f32x4.add(a3, f32x4.mul(v, v128.load(row + 48)));
      a4 = f32x4.add(a4, f32x4.mul(v, v128.load(row + 64)));
      a5 = f32x4.add(a5, f32x4.mul(v, v128.load(row + 80)));
      a6 = f32x4.add(a6, f32x4.mul(v, v128.load(row + 96)));
      a7 = f32x4.add(a7, f32x4.mul(v, v128.load(row + 112)));
    }
    v128.store(dst + o, a0); v128.store(dst + o + 16, a1); v128.store(dst + o + 32, a2); v128.store(dst + o + 48, a3);
    v128.store(dst + o + 64, a4); v128.store(dst + o + 80, a5); v128.store(dst + o + 96, a6); v128.store(dst + o + 112, a7);
  }
  if (blocks < out) {
    const o = <usize>blocks << 2;
    memory.copy(dst + o, bias + o, rowBytes - o);
    for (let p = first; p < end; p++) {
      const row = w + <usize>load<i32>(index + (<usize>p << 2)) * rowBytes + o;
      axpyRow(dst + o, load<f32>(value + (<usize>p << 2)), row, out - blocks);
    }
  }
}

/**
 * The first layer's weight gradient over a batch: dW[k, :] = Σ_b x(b, k)·δ(b, :), written whole (rows of features no
 * example uses are zeros). The batch's entries are first bucketed by feature (a counting sort, stable in b), then
 * each row of dW is summed in registers, starting from 0 and adding in increasing b: the same float32 operations in
 * the same order as accumulating example by example, with one store per row instead of one per entry.
 * `rows[b]` is example b's dataset row; colStart (i32[in + 1]), colB (i32) and colV (f32) hold the buckets and must
 * have room for every entry of the batch.
 */
export function sparseWeightGradient(dw: usize, delta: usize, out: i32, inW: i32, rowStart: usize, index: usize, value: usize, split: usize, indices: usize, n: i32, colStart: usize, colB: usize, colV: usize): void {
  const rowBytes = <usize>out << 2;
  memory.fill(colStart, 0, <usize>(inW + 1) << 2);
  for (let b = 0; b < n; b++) {
    const r = rowOf(split, indices, b);
    const end = load<i32>(rowStart + (<usize>(r + 1) << 2));
    for (let p = load<i32>(rowStart + (<usize>r << 2)); p < end; p++) {
      const at = colStart + (<usize>(load<i32>(index + (<usize>p << 2)) + 1) << 2);
      store<i32>(at, load<i32>(at) + 1);
    }
  }
  for (let k = 0; k < inW; k++) {
    const at = colStart + (<usize>(k + 1) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  // Fill the buckets in increasing b; afterwards colStart[k] is where bucket k + 1 begins.
  for (let b = 0; b < n; b++) {
    const r = rowOf(split, indices, b);
    const end = load<i32>(rowStart + (<usize>(r + 1) << 2));
    for (let p = load<i32>(rowStart + (<usize>r << 2)); p < end; p++) {
      const at = colStart + (<usize>load<i32>(index + (<usize>p << 2)) << 2);
      const q = load<i32>(at);
      store<i32>(at, q + 1);
      store<i32>(colB + (<usize>q << 2), b);
      store<f32>(colV + (<usize>q << 2), load<f32>(value + (<usize>p << 2)));
    }
  }
  const blocks = out & ~31;
  let s = 0;
  for (let k = 0; k < inW; k++) {
    const e = load<i32>(colStart + (<usize>k << 2));
    const row = dw + <usize>k * rowBytes;
    if (s == e) {
      memory.fill(row, 0, rowBytes);
      continue;
    }
    for (let c = 0; c < blocks; c += 32) {
      const o = <usize>c << 2;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      for (let q = s; q < e; q++) {
        const v = f32x4.splat(load<f32>(colV + (<usize>q << 2)));
        const d = delta + <usize>load<i32>(colB + (<usize>q << 2)) * rowBytes + o;
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(d)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(d + 16)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(d + 32)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(d + 48)));
        a4 = f32x4.add(a4, f32x4.mul(v, v128.load(d + 64)));
        a5 = f32x4.add(a5, f32x4.mul(v, v128.load(d + 80)));
        a6 = f32x4.add(a6, f32x4.mul(v, v128.load(d + 96)));
        a7 = f32x4.add(a7, f32x4.mul(v, v128.load(d + 112)));
      }
      v128.store(row + o, a0); v128.store(row + o + 16, a1); v128.store(row + o + 32, a2); v128.store(row + o + 48, a3);
      v128.store(row + o + 64, a4); v128.store(row + o + 80, a5); v128.store(row + o + 96, a6); v128.store(row + o + 112, a7);
    }
    if (blocks < out) {
      const o = <usize>blocks << 2;
      memory.fill(row + o, 0, rowBytes - o);
      for (let q = s; q < e; q++) {
        axpyRow(row + o, load<f32>(colV + (<usize>q << 2)), delta + <usize>load<i32>(colB + (<usize>q << 2)) * rowBytes + o, out - blocks);
      }
    }
    s = e;
  }
}
