// Dense ReLU networks x → W0,b0 → ReLU → … → W_{L−1},b_{L−1} (mnist-softmax, mnist-mlp, linreg): forward pass,
// mean loss, gradient and evaluation over a batch, on float32 parameters in the flat layout of
// src/tasks/layout.ts (per layer W in×out row-major, then b). The first layer reads the dataset's sparse rows
// (assembly/models/sparse.ts) and skips zero inputs (an MNIST digit is ~19% ink); later layers skip inputs the ReLU zeroed. Skipping an exact zero
// input changes no result: its products would be zeros added to the sums.
//
// Fixed summation orders (so a result depends only on its inputs, never on the thread or the machine):
// - activation (b, j) of a layer = bias_j, then + input_k·W[k, j] for the non-zero inputs k in increasing order;
// - dW[k, j] = 0 + Σ_b input(b, k)·δ(b, j) over the batch in increasing b; db_j = 0 + Σ_b δ(b, j), increasing b;
// - the backpropagated δ(b, k) = dotRow(W[k, :], δ(b, :)) (assembly/models/rows.ts) where the input was > 0, else 0;
// - the mean loss = (Σ_b loss_b in float64, increasing b) / n.
import { D_CLASSES, D_INDEX, D_ROW_START, D_TARGET, D_VALUE, ptr, rowOf, word } from './data';
import { argmax, softmaxCrossEntropy, squaredError } from './loss';
import { denseForward } from './dense';
import { addRow, axpyRow, dotRow, reluRow } from './rows';
import { sparseForward, sparseWeightGradient } from './sparse';

// Header fields (i32 words), written by src/tasks/engine/mlp-model.ts.
const M_DATA: i32 = 0; // dataset header (assembly/models/data.ts)
const M_LAYERS: i32 = 1; // L
const M_CAP: i32 = 2; // rows the activation buffers hold
const M_DELTA_A: i32 = 3; // f32[cap × max width] (two ping-pong buffers for δ)
const M_DELTA_B: i32 = 4;
const M_COL_START: i32 = 5; // i32[width(0) + 1], i32[cap × width(0)], f32[cap × width(0)]: the first layer's
const M_COL_B: i32 = 6; //       entries bucketed by feature (assembly/models/sparse.ts)
const M_COL_V: i32 = 7;
const M_WIDTHS: i32 = 8; // L + 1 widths, input first; then L activation buffers f32[cap × width(l + 1)]

@inline function width(net: usize, l: i32): i32 {
  return word(net, M_WIDTHS + l);
}

/** Output buffer of layer l (post-ReLU except the last layer). */
@inline function act(net: usize, l: i32): usize {
  return ptr(net, M_WIDTHS + word(net, M_LAYERS) + 1 + l);
}

/** Offset (in floats) of layer l's W in the flat parameters; its b follows at + in·out. */
function weightOffset(net: usize, l: i32): i32 {
  let o = 0;
  for (let m = 0; m < l; m++) o += (width(net, m) + 1) * width(net, m + 1);
  return o;
}

/** Forward pass of rows b < n (at most cap) into the activation buffers. */
function forward(net: usize, params: usize, split: usize, indices: usize, n: i32): void {
  const data = ptr(net, M_DATA);
  const rowStart = ptr(data, D_ROW_START);
  const index = ptr(data, D_INDEX);
  const value = ptr(data, D_VALUE);
  const layers = word(net, M_LAYERS);
  for (let l = 0; l < layers; l++) {
    const inW = width(net, l);
    const outW = width(net, l + 1);
    const w = params + (<usize>weightOffset(net, l) << 2);
    const bias = w + (<usize>(inW * outW) << 2);
    const rowBytes = <usize>outW << 2;
    const dst0 = act(net, l);
    if (l == 0) {
      for (let b = 0; b < n; b++) {
        const r = rowOf(split, indices, b);
        sparseForward(dst0 + <usize>b * rowBytes, bias, w, outW, index, value, load<i32>(rowStart + (<usize>r << 2)), load<i32>(rowStart + (<usize>(r + 1) << 2)));
      }
    } else {
      denseForward(dst0, bias, w, act(net, l - 1), n, inW, outW);
    }
    // Row by row: reluRow's scalar tail (a row's last outW mod 4) maps NaN to 0, its SIMD part keeps NaN.
    if (l + 1 < layers) for (let b = 0; b < n; b++) reluRow(dst0 + <usize>b * rowBytes, outW);
  }
}

/**
 * `sum` + loss_0 + loss_1 + … of the forward pass's outputs (added one by one in increasing b, so chunked evaluation
 * sums in row order whatever the chunk size); with `delta` ≠ 0 also writes δ = ∂(Σ loss)/∂output · scale there.
 */
function outputLoss(net: usize, split: usize, indices: usize, n: i32, flip: i32, delta: usize, scale: f64, sum: f64): f64 {
  const data = ptr(net, M_DATA);
  const target = ptr(data, D_TARGET);
  const classes = word(data, D_CLASSES);
  const layers = word(net, M_LAYERS);
  const outW = width(net, layers);
  const out0 = act(net, layers - 1);
  for (let b = 0; b < n; b++) {
    const z = out0 + ((<usize>(b * outW)) << 2);
    const d = delta ? delta + ((<usize>(b * outW)) << 2) : 0;
    const t = load<f32>(target + (<usize>rowOf(split, indices, b) << 2));
    if (classes > 0) {
      const y = <i32>t;
      sum += softmaxCrossEntropy(z, outW, flip ? classes - 1 - y : y, d, scale);
    } else {
      sum += squaredError(z, flip ? -<f64>t : <f64>t, d, scale);
    }
  }
  return sum;
}

/** The widest layer output (the δ buffers hold cap rows of it). */
function maxWidth(net: usize): i32 {
  let m = 0;
  for (let l = 1; l <= word(net, M_LAYERS); l++) m = max(m, width(net, l));
  return m;
}

/**
 * Backward through a hidden layer's weights W (inW × outW) for the batch: dW[k, j] = 0 + Σ_b input(b, k)·δ(b, j) over
 * b in increasing order where input(b, k) ≠ 0, and the previous layer's δ'(b, k) = dotRow(W[k, :], δ(b, :)) where
 * input(b, k) > 0, else 0 (the scalar loops in mlpGradient). Here four consecutive k share one float32x4: their
 * sums advance together, lane by lane, through the same float32 products and additions in the same order, so the
 * bits are those of the scalar loops. A skipped term is a select (v128.bitselect), not an added zero, so NaN and
 * ±0 come out as the loops leave them. `scratch` holds 2·inW·outW floats: Wᵀ and the dWᵀ sums.
 */
function hiddenBackward(w: usize, dw: usize, delta: usize, input: usize, next: usize, scratch: usize, n: i32, inW: i32, outW: i32): void {
  const wt = scratch; // wt[j·inW + k] = W[k, j]
  const dwt = scratch + (<usize>(inW * outW) << 2); // dwt[j·inW + k] accumulates dW[k, j]
  const rowBytes = <usize>outW << 2;
  const colBytes = <usize>inW << 2;
  const k4 = inW & ~3;
  const n4 = outW & ~3;
  const zero = f32x4.splat(0);
  for (let k = 0; k < inW; k++) {
    for (let j = 0; j < outW; j++) store<f32>(wt + <usize>j * colBytes + (<usize>k << 2), load<f32>(w + <usize>k * rowBytes + (<usize>j << 2)));
  }
  memory.fill(dwt, 0, <usize>(inW * outW) << 2);
  for (let b = 0; b < n; b++) {
    const d = delta + <usize>b * rowBytes;
    const src = input + <usize>b * colBytes;
    const dst = next + <usize>b * colBytes;
    for (let k = 0; k < k4; k += 4) {
      const ko = <usize>k << 2;
      const a = v128.load(src + ko);
      // dW: add a·δ(b, j) where a ≠ 0 (NaN included, as `a != 0` is for a NaN).
      const live = f32x4.ne(a, zero);
      for (let j = 0; j < outW; j++) {
        const p = dwt + <usize>j * colBytes + ko;
        const acc = v128.load(p);
        v128.store(p, v128.bitselect(f32x4.add(acc, f32x4.mul(a, f32x4.splat(load<f32>(d + (<usize>j << 2))))), acc, live));
      }
      // δ': dotRow's four lanes (j mod 4), the tail j ≥ n4 added to lane 0, then (s0 + s1) + (s2 + s3).
      let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
      let j = 0;
      for (; j < n4; j += 4) {
        const c = wt + <usize>j * colBytes + ko;
        const dj = d + (<usize>j << 2);
        s0 = f32x4.add(s0, f32x4.mul(v128.load(c), f32x4.splat(load<f32>(dj))));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(c + colBytes), f32x4.splat(load<f32>(dj, 4))));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(c + 2 * colBytes), f32x4.splat(load<f32>(dj, 8))));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(c + 3 * colBytes), f32x4.splat(load<f32>(dj, 12))));
      }
      for (; j < outW; j++) s0 = f32x4.add(s0, f32x4.mul(v128.load(wt + <usize>j * colBytes + ko), f32x4.splat(load<f32>(d + (<usize>j << 2)))));
      const r = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
      v128.store(dst + ko, v128.bitselect(r, zero, f32x4.gt(a, zero)));
    }
    for (let k = k4; k < inW; k++) {
      const ko = <usize>k << 2;
      const a = load<f32>(src + ko);
      if (a != 0) {
        for (let j = 0; j < outW; j++) {
          const p = dwt + <usize>j * colBytes + ko;
          store<f32>(p, load<f32>(p) + a * load<f32>(d + (<usize>j << 2)));
        }
      }
      store<f32>(dst + ko, a > 0 ? dotRow(w + <usize>k * rowBytes, d, outW) : 0);
    }
  }
  for (let k = 0; k < inW; k++) {
    for (let j = 0; j < outW; j++) store<f32>(dw + <usize>k * rowBytes + (<usize>j << 2), load<f32>(dwt + <usize>j * colBytes + (<usize>k << 2)));
  }
}

/**
 * Gradient of the mean loss over the n examples split[indices[b]] (n ≤ cap) written into `grad` (all of it), with
 * labels flipped (class y → C − 1 − y, target t → −t) when `flip` ≠ 0. Returns the mean loss.
 */
export function mlpGradient(net: usize, params: usize, grad: usize, split: usize, indices: usize, n: i32, flip: i32): f64 {
  forward(net, params, split, indices, n);
  const layers = word(net, M_LAYERS);
  let delta = ptr(net, M_DELTA_A);
  let next = ptr(net, M_DELTA_B);
  const loss = outputLoss(net, split, indices, n, flip, delta, 1.0 / <f64>n, 0);
  const data = ptr(net, M_DATA);
  const rowStart = ptr(data, D_ROW_START);
  const index = ptr(data, D_INDEX);
  const value = ptr(data, D_VALUE);
  for (let l = layers - 1; l >= 0; l--) {
    const inW = width(net, l);
    const outW = width(net, l + 1);
    const rowBytes = <usize>outW << 2;
    const offset = <usize>weightOffset(net, l) << 2;
    const w = params + offset;
    const dw = grad + offset;
    const db = dw + (<usize>(inW * outW) << 2);
    memory.fill(db, 0, rowBytes);
    for (let b = 0; b < n; b++) addRow(db, delta + <usize>b * rowBytes, outW);
    if (l == 0) {
      sparseWeightGradient(dw, delta, outW, inW, rowStart, index, value, split, indices, n, ptr(net, M_COL_START), ptr(net, M_COL_B), ptr(net, M_COL_V));
    } else {
      const input = act(net, l - 1);
      if (n * inW + 2 * inW * outW <= word(net, M_CAP) * maxWidth(net)) {
        // Vectorized across four inputs k at a time, with W and dW transposed in the room of `next` that the new δ
        // (n·inW floats) leaves free: the same float32 operations in the same order as the loops below.
        hiddenBackward(w, dw, delta, input, next, next + (<usize>(n * inW) << 2), n, inW, outW);
      } else {
        memory.fill(dw, 0, <usize>(inW * outW) << 2);
        for (let b = 0; b < n; b++) {
          const d = delta + <usize>b * rowBytes;
          const src = input + ((<usize>(b * inW)) << 2);
          for (let k = 0; k < inW; k++) {
            const a = load<f32>(src + (<usize>k << 2));
            if (a != 0) axpyRow(dw + <usize>k * rowBytes, a, d, outW);
          }
        }
        // δ of the previous layer through this layer's W and the previous ReLU.
        for (let b = 0; b < n; b++) {
          const d = delta + <usize>b * rowBytes;
          const src = input + ((<usize>(b * inW)) << 2);
          const dst = next + ((<usize>(b * inW)) << 2);
          for (let k = 0; k < inW; k++) {
            const o = <usize>k << 2;
            store<f32>(dst + o, load<f32>(src + o) > 0 ? dotRow(w + <usize>k * rowBytes, d, outW) : 0);
          }
        }
      }
      const t = delta;
      delta = next;
      next = t;
    }
  }
  return loss / <f64>n;
}

/** Mean loss over the n examples split[indices[b]] (n ≤ cap): a forward pass only. */
export function mlpLoss(net: usize, params: usize, split: usize, indices: usize, n: i32): f64 {
  forward(net, params, split, indices, n);
  return outputLoss(net, split, indices, n, 0, 0, 1, 0) / <f64>n;
}

/**
 * Loss and accuracy over the first n rows of `split` (any n), in chunks of cap rows: writes Σ loss (float64, in row
 * order) and the number of correct top-1 predictions (classification; 0 for regression) as two float64 at `out`.
 */
export function mlpEvaluate(net: usize, params: usize, split: usize, n: i32, out: usize): void {
  const data = ptr(net, M_DATA);
  const target = ptr(data, D_TARGET);
  const classes = word(data, D_CLASSES);
  const layers = word(net, M_LAYERS);
  const outW = width(net, layers);
  const cap = word(net, M_CAP);
  let sum: f64 = 0;
  let correct = 0;
  for (let start = 0; start < n; start += cap) {
    const m = min(cap, n - start);
    const chunk = split + (<usize>start << 2);
    forward(net, params, chunk, 0, m);
    sum = outputLoss(net, chunk, 0, m, 0, 0, 1, sum);
    if (classes > 0) {
      const out0 = act(net, layers - 1);
      for (let b = 0; b < m; b++) {
        const y = <i32>load<f32>(target + (<usize>rowOf(chunk, 0, b) << 2));
        if (argmax(out0 + ((<usize>(b * outW)) << 2), outW) == y) correct++;
      }
    }
  }
  store<f64>(out, sum);
  store<f64>(out + 8, <f64>correct);
}
