// 2×2 max pooling with stride 2 over an H×W×C image (channels last), remembering where each maximum came from.

/**
 * dst[py, px, c] = max of src[2py + dy, 2px + dx, c] over (dy, dx) in the order (0,0), (0,1), (1,0), (1,1), the first
 * one winning ties; arg[py, px, c] = the float index in src of that maximum (for the backward pass).
 */
export function maxPool2(src: usize, h: i32, w: i32, c: i32, dst: usize, arg: usize): void {
  const ph = h >> 1;
  const pw = w >> 1;
  const c4 = c & ~3;
  const lane = i32x4(0, 1, 2, 3);
  let q = 0;
  for (let py = 0; py < ph; py++) {
    for (let px = 0; px < pw; px++) {
      // Four channels at a time: `v > m` per lane and a select, the same comparisons in the same order as the
      // scalar loop below (a NaN or a tie never replaces the maximum so far), without its unpredictable branches.
      for (let ch = 0; ch < c4; ch += 4) {
        const i00 = ((2 * py) * w + 2 * px) * c + ch;
        const i01 = i00 + c;
        const i10 = i00 + w * c;
        const i11 = i10 + c;
        let m = v128.load(src + (<usize>i00 << 2));
        let best = i32x4.add(i32x4.splat(i00), lane);
        let v = v128.load(src + (<usize>i01 << 2));
        let gt = f32x4.gt(v, m);
        m = v128.bitselect(v, m, gt);
        best = v128.bitselect(i32x4.add(i32x4.splat(i01), lane), best, gt);
        v = v128.load(src + (<usize>i10 << 2));
        gt = f32x4.gt(v, m);
        m = v128.bitselect(v, m, gt);
        best = v128.bitselect(i32x4.add(i32x4.splat(i10), lane), best, gt);
        v = v128.load(src + (<usize>i11 << 2));
        gt = f32x4.gt(v, m);
        m = v128.bitselect(v, m, gt);
        best = v128.bitselect(i32x4.add(i32x4.splat(i11), lane), best, gt);
        v128.store(dst + (<usize>q << 2), m);
        v128.store(arg + (<usize>q << 2), best);
        q += 4;
      }
      for (let ch = c4; ch < c; ch++) {
        const i00 = ((2 * py) * w + 2 * px) * c + ch;
        let best = i00;
        let m = load<f32>(src + (<usize>i00 << 2));
        const i01 = i00 + c;
        const i10 = i00 + w * c;
        const i11 = i10 + c;
        let v = load<f32>(src + (<usize>i01 << 2));
        if (v > m) { m = v; best = i01; }
        v = load<f32>(src + (<usize>i10 << 2));
        if (v > m) { m = v; best = i10; }
        v = load<f32>(src + (<usize>i11 << 2));
        if (v > m) { m = v; best = i11; }
        store<f32>(dst + (<usize>q << 2), m);
        store<i32>(arg + (<usize>q << 2), best);
        q++;
      }
    }
  }
}

/** Routes the pooled gradient back: dsrc (zeroed first, size srcSize) gets dpool[q] at arg[q], for the `count` pooled cells. */
export function maxPool2Backward(dpool: usize, arg: usize, count: i32, dsrc: usize, srcSize: i32): void {
  memory.fill(dsrc, 0, <usize>srcSize << 2);
  for (let q = 0; q < count; q++) {
    const d = load<f32>(dpool + (<usize>q << 2));
    if (d != 0) store<f32>(dsrc + (<usize>load<i32>(arg + (<usize>q << 2)) << 2), d);
  }
}
