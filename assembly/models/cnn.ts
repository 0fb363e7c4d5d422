// The mnist-cnn network (LeNet-style), one example at a time:
//   28×28×1 → conv 5×5, 8 filters → ReLU → max-pool 2 → 12×12×8 → conv 5×5, 16 filters → ReLU → max-pool 2
//   → 4×4×16 = 256 (flattened channels last) → dense 256 → 10 → softmax cross-entropy.
// Flat parameters (src/tasks/layout.ts): K1 [5,5,1,8], b1 [8], K2 [5,5,8,16], b2 [16], W3 [256,10], b3 [10] = 5,994.
// A batch is processed example by example in increasing order: each example's forward pass, its loss and δ, then its
// backward pass adding into the gradient. So every gradient entry is a sum over the batch in increasing order, and
// within an example in the orders stated in assembly/models/conv.ts; the mean loss is (Σ_b loss_b in float64) / n.
import { D_INDEX, D_ROW_START, D_TARGET, D_VALUE, ptr, rowOf, word, D_CLASSES } from './data';
import { argmax, softmaxCrossEntropy } from './loss';
import { convBackward, convForward, sparseConvBackward, sparseConvForward } from './conv';
import { maxPool2, maxPool2Backward } from './pool';
import { addRow, axpyRow, dotRow } from './rows';

const SIDE: i32 = 28;
const K: i32 = 5;
const C1: i32 = 8;
const C2: i32 = 16;
const A1_SIDE: i32 = SIDE - K + 1; // 24
const P1_SIDE: i32 = A1_SIDE >> 1; // 12
const A2_SIDE: i32 = P1_SIDE - K + 1; // 8
const P2_SIDE: i32 = A2_SIDE >> 1; // 4
const A1: i32 = A1_SIDE * A1_SIDE * C1; // 4608
const P1: i32 = P1_SIDE * P1_SIDE * C1; // 1152
const A2: i32 = A2_SIDE * A2_SIDE * C2; // 1024
const FLAT: i32 = P2_SIDE * P2_SIDE * C2; // 256
const OUT: i32 = 10;

// Parameter offsets (floats).
const O_K1: i32 = 0;
const O_B1: i32 = O_K1 + K * K * C1;
const O_K2: i32 = O_B1 + C1;
const O_B2: i32 = O_K2 + K * K * C1 * C2;
const O_W3: i32 = O_B2 + C2;
const O_B3: i32 = O_W3 + FLAT * OUT;
/** Number of parameters (checked against src/tasks/layout.ts by the tests). */
const CNN_PARAMS: i32 = O_B3 + OUT;

// Scratch offsets (floats) of one example's buffers.
const S_A1: i32 = 0;
const S_P1: i32 = S_A1 + A1;
const S_ARG1: i32 = S_P1 + P1;
const S_A2: i32 = S_ARG1 + P1;
const S_P2: i32 = S_A2 + A2;
const S_ARG2: i32 = S_P2 + FLAT;
const S_Z: i32 = S_ARG2 + FLAT;
const S_DZ: i32 = S_Z + 16;
const S_DP2: i32 = S_DZ + 16;
const S_DA2: i32 = S_DP2 + FLAT;
const S_DP1: i32 = S_DA2 + A2;
const S_DA1: i32 = S_DP1 + P1;
/** Floats of scratch the JavaScript side allocates (src/tasks/engine/cnn-model.ts). */
const CNN_SCRATCH: i32 = S_DA1 + A1;

// Header fields (i32 words).
const N_DATA: i32 = 0;
const N_SCRATCH: i32 = 1;

@inline function at(base: usize, offset: i32): usize {
  return base + (<usize>offset << 2);
}

/** Forward pass of dataset row r up to the logits (in the scratch's Z). */
function forward(data: usize, params: usize, s: usize, r: i32): void {
  const rowStart = ptr(data, D_ROW_START);
  const first = load<i32>(rowStart + (<usize>r << 2));
  const count = load<i32>(rowStart + (<usize>(r + 1) << 2)) - first;
  const index = ptr(data, D_INDEX) + (<usize>first << 2);
  const value = ptr(data, D_VALUE) + (<usize>first << 2);
  sparseConvForward(index, value, count, SIDE, SIDE, at(params, O_K1), at(params, O_B1), K, C1, at(s, S_A1));
  relu(at(s, S_A1), A1);
  maxPool2(at(s, S_A1), A1_SIDE, A1_SIDE, C1, at(s, S_P1), at(s, S_ARG1));
  convForward(at(s, S_P1), P1_SIDE, P1_SIDE, C1, at(params, O_K2), at(params, O_B2), K, C2, at(s, S_A2));
  relu(at(s, S_A2), A2);
  maxPool2(at(s, S_A2), A2_SIDE, A2_SIDE, C2, at(s, S_P2), at(s, S_ARG2));
  dense(at(s, S_P2), at(params, O_W3), at(params, O_B3), at(s, S_Z));
}

/**
 * z = b3 + Σ_k p2[k]·W3[k, :] over k increasing where p2[k] ≠ 0 (float32 products and sums). The ten outputs are
 * held in registers (lanes 0–3, 4–7 and 8–9), and a zero input's term is dropped by a select rather than a branch
 * (the pooled ReLU is zero about every other time): the same operations, in the same order, as skipping it.
 */
function dense(p2: usize, w3: usize, b3: usize, z: usize): void {
  let z0 = v128.load(b3), z1 = v128.load(b3, 16), z2 = v128.load64_zero(b3, 32);
  const zero = f32x4.splat(0);
  for (let k = 0; k < FLAT; k++) {
    const v = v128.load32_splat(p2 + (<usize>k << 2));
    const live = f32x4.ne(v, zero);
    const w = w3 + (<usize>(k * OUT) << 2);
    z0 = v128.bitselect(f32x4.add(z0, f32x4.mul(v, v128.load(w))), z0, live);
    z1 = v128.bitselect(f32x4.add(z1, f32x4.mul(v, v128.load(w, 16))), z1, live);
    z2 = v128.bitselect(f32x4.add(z2, f32x4.mul(v, v128.load64_zero(w, 32))), z2, live);
  }
  v128.store(z, z0);
  v128.store(z, z1, 16);
  v128.store64_lane(z, z2, 0, 32);
}

/** x ← x where x > 0, else +0 (NaN and −0 included), four at a time; n is a multiple of 4. */
function relu(x: usize, n: i32): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < n; i += 4) {
    const p = x + (<usize>i << 2);
    const v = v128.load(p);
    v128.store(p, v128.bitselect(v, zero, f32x4.gt(v, zero)));
  }
}

@inline function label(data: usize, r: i32, flip: i32): i32 {
  const y = <i32>load<f32>(ptr(data, D_TARGET) + (<usize>r << 2));
  return flip ? word(data, D_CLASSES) - 1 - y : y;
}

/** Gradient of the mean loss over the n examples split[indices[b]] into `grad` (all of it); returns the mean loss. */
export function cnnGradient(net: usize, params: usize, grad: usize, split: usize, indices: usize, n: i32, flip: i32): f64 {
  const data = ptr(net, N_DATA);
  const s = ptr(net, N_SCRATCH);
  const rowStart = ptr(data, D_ROW_START);
  memory.fill(grad, 0, <usize>CNN_PARAMS << 2);
  const scale = 1.0 / <f64>n;
  let sum: f64 = 0;
  for (let b = 0; b < n; b++) {
    const r = rowOf(split, indices, b);
    forward(data, params, s, r);
    const dz = at(s, S_DZ);
    sum += softmaxCrossEntropy(at(s, S_Z), OUT, label(data, r, flip), dz, scale);
    // Dense layer.
    addRow(at(grad, O_B3), dz, OUT);
    for (let k = 0; k < FLAT; k++) {
      const v = load<f32>(at(s, S_P2 + k));
      // p2 > 0 exactly where the pooled ReLU passes gradient back.
      store<f32>(at(s, S_DP2 + k), v > 0 ? dotRow(at(params, O_W3 + k * OUT), dz, OUT) : 0);
      if (v != 0) axpyRow(at(grad, O_W3 + k * OUT), v, dz, OUT);
    }
    // Pool 2 and ReLU 2, conv 2 (its input gradient only where p1 > 0, i.e. where ReLU 1 passes).
    maxPool2Backward(at(s, S_DP2), at(s, S_ARG2), FLAT, at(s, S_DA2), A2);
    convBackward(at(s, S_P1), P1_SIDE, P1_SIDE, C1, at(params, O_K2), K, C2, at(s, S_DA2), at(grad, O_K2), at(grad, O_B2), at(s, S_DP1));
    // Pool 1 and ReLU 1, conv 1 from the sparse pixels.
    maxPool2Backward(at(s, S_DP1), at(s, S_ARG1), P1, at(s, S_DA1), A1);
    const first = load<i32>(rowStart + (<usize>r << 2));
    const count = load<i32>(rowStart + (<usize>(r + 1) << 2)) - first;
    sparseConvBackward(ptr(data, D_INDEX) + (<usize>first << 2), ptr(data, D_VALUE) + (<usize>first << 2), count, SIDE, SIDE, K, C1, at(s, S_DA1), at(grad, O_K1), at(grad, O_B1));
  }
  return sum / <f64>n;
}

/** Mean loss over the n examples split[indices[b]] (forward passes only). */
export function cnnLoss(net: usize, params: usize, split: usize, indices: usize, n: i32): f64 {
  const data = ptr(net, N_DATA);
  const s = ptr(net, N_SCRATCH);
  let sum: f64 = 0;
  for (let b = 0; b < n; b++) {
    const r = rowOf(split, indices, b);
    forward(data, params, s, r);
    sum += softmaxCrossEntropy(at(s, S_Z), OUT, label(data, r, 0), 0, 1);
  }
  return sum / <f64>n;
}

/** Σ loss (float64, row order) and the number of correct top-1 predictions over the first n rows of `split`, at `out`. */
export function cnnEvaluate(net: usize, params: usize, split: usize, n: i32, out: usize): void {
  const data = ptr(net, N_DATA);
  const s = ptr(net, N_SCRATCH);
  let sum: f64 = 0;
  let correct = 0;
  for (let b = 0; b < n; b++) {
    const r = rowOf(split, 0, b);
    forward(data, params, s, r);
    const y = label(data, r, 0);
    sum += softmaxCrossEntropy(at(s, S_Z), OUT, y, 0, 1);
    if (argmax(at(s, S_Z), OUT) == y) correct++;
  }
  store<f64>(out, sum);
  store<f64>(out + 8, <f64>correct);
}

/** Floats of per-example scratch a cnn header must point to. */
export function cnnScratchFloats(): i32 {
  return CNN_SCRATCH;
}

/** Number of parameters of the network. */
export function cnnParamCount(): i32 {
  return CNN_PARAMS;
}
