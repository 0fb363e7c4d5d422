// 'Valid' 2-D convolutions (stride 1, no padding) of channels-last images with k×k filters in HWIO order
// (filter[ky, kx, ci, co], row-major, as tf.conv2d's), forward and backward, for one example.
// Fixed summation orders are stated per function; exact-zero inputs are skipped (their products add nothing).
import { addRow, axpyRow, dotRow } from './rows';

/**
 * out[oy, ox, :] = bias + Σ input[oy + ky, ox + kx, ci] · filter[ky, kx, ci, :] over (ky, kx, ci) in increasing
 * order where the input is ≠ 0, for an h×w×cin input, giving (h − k + 1)×(w − k + 1)×cout. Requires cout to be a
 * multiple of 4. Each output position's channels are summed in registers, 16 at a time, and a zero input's term is
 * dropped by a select, not a branch (the inputs come out of a ReLU and a pool: zero about every other time): the
 * float32 operations of the scalar loop, in its order.
 */
export function convForward(input: usize, h: i32, w: i32, cin: i32, filter: usize, bias: usize, k: i32, cout: i32, out: usize): void {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const rowBytes = <usize>cout << 2;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const dst = out + <usize>(oy * ow + ox) * rowBytes;
      const src = input + (<usize>((oy * w + ox) * cin) << 2);
      for (let c = 0; c < cout; c += 16) {
        // `m` vectors of channels; a constant in each call, so unused accumulators are compiled out.
        switch (min(4, (cout - c) >> 2)) {
          case 4: convBlock(dst, src, w, cin, filter, bias, k, rowBytes, c, 4); break;
          case 3: convBlock(dst, src, w, cin, filter, bias, k, rowBytes, c, 3); break;
          case 2: convBlock(dst, src, w, cin, filter, bias, k, rowBytes, c, 2); break;
          default: convBlock(dst, src, w, cin, filter, bias, k, rowBytes, c, 1);
        }
      }
    }
  }
}

/** acc + v·filter row where v ≠ 0, acc elsewhere. */
@inline function term(acc: v128, v: v128, live: v128, f: usize): v128 {
  return v128.bitselect(f32x4.add(acc, f32x4.mul(v, v128.load(f))), acc, live);
}

/** Channels c .. c + 4m − 1 of one output position whose receptive field starts at `src`. */
@inline function convBlock(dst: usize, src: usize, w: i32, cin: i32, filter: usize, bias: usize, k: i32, rowBytes: usize, c: i32, m: i32): void {
  const co = <usize>c << 2;
  let a0 = v128.load(bias + co), a1 = a0, a2 = a0, a3 = a0;
  if (m > 1) a1 = v128.load(bias + co + 16);
  if (m > 2) a2 = v128.load(bias + co + 32);
  if (m > 3) a3 = v128.load(bias + co + 48);
  const zero = f32x4.splat(0);
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      const s = src + (<usize>((ky * w + kx) * cin) << 2);
      const f = filter + <usize>((ky * k + kx) * cin) * rowBytes + co;
      for (let ci = 0; ci < cin; ci++) {
        const v = v128.load32_splat(s + (<usize>ci << 2));
        const live = f32x4.ne(v, zero);
        const fr = f + <usize>ci * rowBytes;
        a0 = term(a0, v, live, fr);
        if (m > 1) a1 = term(a1, v, live, fr + 16);
        if (m > 2) a2 = term(a2, v, live, fr + 32);
        if (m > 3) a3 = term(a3, v, live, fr + 48);
      }
    }
  }
  v128.store(dst + co, a0);
  if (m > 1) v128.store(dst + co + 16, a1);
  if (m > 2) v128.store(dst + co + 32, a2);
  if (m > 3) v128.store(dst + co + 48, a3);
}

/**
 * Backward of convForward for one example, given dout (the gradient at its output, h−k+1 × w−k+1 × cout):
 * dbias += Σ dout[oy, ox, :] and dfilter[ky, kx, ci, :] += input[…] · dout[oy, ox, :], both over output positions
 * (oy, ox) in increasing order (positions whose dout is all zero are skipped); when dinput ≠ 0 (zeroed first),
 * dinput[iy, ix, ci] += dotRow(filter[ky, kx, ci, :], dout[oy, ox, :]) in the same order, only where input ≠ 0 (the
 * inputs here come out of a ReLU: where they are 0 the gradient is not needed).
 */
export function convBackward(input: usize, h: i32, w: i32, cin: i32, filter: usize, k: i32, cout: i32, dout: usize, dfilter: usize, dbias: usize, dinput: usize): void {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const rowBytes = <usize>cout << 2;
  if (dinput) memory.fill(dinput, 0, <usize>(h * w * cin) << 2);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const g = dout + <usize>(oy * ow + ox) * rowBytes;
      if (allZero(g, cout)) continue;
      addRow(dbias, g, cout);
      for (let ky = 0; ky < k; ky++) {
        for (let kx = 0; kx < k; kx++) {
          const at = ((oy + ky) * w + ox + kx) * cin;
          const fo = <usize>((ky * k + kx) * cin) * rowBytes;
          for (let ci = 0; ci < cin; ci++) {
            const v = load<f32>(input + (<usize>(at + ci) << 2));
            if (v == 0) continue;
            axpyRow(dfilter + fo + <usize>ci * rowBytes, v, g, cout);
            if (dinput) {
              const di = dinput + (<usize>(at + ci) << 2);
              store<f32>(di, load<f32>(di) + dotRow(filter + fo + <usize>ci * rowBytes, g, cout));
            }
          }
        }
      }
    }
  }
}

/**
 * The first convolution (one input channel) straight from a sparse example (`count` pixels: indices into the h×w
 * image, increasing, and values): out = bias at every position, then for each non-zero pixel in increasing index
 * order, out[iy − ky, ix − kx, :] += value · filter[ky, kx, 0, :] for every (ky, kx) that lands inside the output.
 */
export function sparseConvForward(index: usize, value: usize, count: i32, h: i32, w: i32, filter: usize, bias: usize, k: i32, cout: i32, out: usize): void {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const rowBytes = <usize>cout << 2;
  for (let q = 0; q < oh * ow; q++) memory.copy(out + <usize>q * rowBytes, bias, rowBytes);
  for (let p = 0; p < count; p++) {
    const pixel = load<i32>(index + (<usize>p << 2));
    const v = load<f32>(value + (<usize>p << 2));
    const iy = pixel / w;
    const ix = pixel - iy * w;
    for (let ky = 0; ky < k; ky++) {
      const oy = iy - ky;
      if (oy < 0 || oy >= oh) continue;
      for (let kx = 0; kx < k; kx++) {
        const ox = ix - kx;
        if (ox < 0 || ox >= ow) continue;
        axpyRow(out + <usize>(oy * ow + ox) * rowBytes, v, filter + <usize>(ky * k + kx) * rowBytes, cout);
      }
    }
  }
}

/**
 * Backward of sparseConvForward (no input gradient): dbias += dout over positions in increasing order; then for each
 * non-zero pixel in increasing index order, dfilter[ky, kx, 0, :] += value · dout[iy − ky, ix − kx, :].
 */
export function sparseConvBackward(index: usize, value: usize, count: i32, h: i32, w: i32, k: i32, cout: i32, dout: usize, dfilter: usize, dbias: usize): void {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const rowBytes = <usize>cout << 2;
  for (let q = 0; q < oh * ow; q++) addRow(dbias, dout + <usize>q * rowBytes, cout);
  for (let p = 0; p < count; p++) {
    const pixel = load<i32>(index + (<usize>p << 2));
    const v = load<f32>(value + (<usize>p << 2));
    const iy = pixel / w;
    const ix = pixel - iy * w;
    for (let ky = 0; ky < k; ky++) {
      const oy = iy - ky;
      if (oy < 0 || oy >= oh) continue;
      for (let kx = 0; kx < k; kx++) {
        const ox = ix - kx;
        if (ox < 0 || ox >= ow) continue;
        axpyRow(dfilter + <usize>(ky * k + kx) * rowBytes, v, dout + <usize>(oy * ow + ox) * rowBytes, cout);
      }
    }
  }
}

@inline function allZero(x: usize, n: i32): bool {
  for (let j = 0; j < n; j++) if (load<f32>(x + (<usize>j << 2)) != 0) return false;
  return true;
}
