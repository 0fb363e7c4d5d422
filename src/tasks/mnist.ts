import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { splitRows, type Dataset } from './dataset.js';
import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIZE } from './mnist-shape.js';
import type { TaskSpec } from './task.js';

/** The raw digits, in package order (all 0s, then all 1s, ...). */
interface RawMnist {
  readonly x: Float32Array;
  readonly y: Uint8Array;
}

let raw: RawMnist | undefined;
const cache = new Map<string, Dataset>();

/**
 * Reads the 10,000 digits straight from `mnist/src/digits/<d>.json`. We do not call the package's `set()`:
 * it shuffles with the unseeded global RNG. Pixels are the package's values unchanged, in [0, 1] (0 = background,
 * 1 = full ink; the original 0–255 grey levels divided by 255 and rounded to 3 decimals), stored as float32.
 */
function readRaw(): RawMnist {
  const require = createRequire(import.meta.url);
  const parts: number[][] = [];
  let rows = 0;
  for (let d = 0; d < MNIST_CLASSES; d++) {
    const file = require.resolve(`mnist/src/digits/${d}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % MNIST_PIXELS !== 0) throw new Error(`${file}: ${data.length} values is not a multiple of ${MNIST_PIXELS}`);
    parts.push(data);
    rows += data.length / MNIST_PIXELS;
  }
  if (rows !== MNIST_SIZE) throw new Error(`mnist package: expected ${MNIST_SIZE} digits, found ${rows}`);
  const x = new Float32Array(rows * MNIST_PIXELS);
  const y = new Uint8Array(rows);
  let row = 0;
  parts.forEach((data, digit) => {
    x.set(data, row * MNIST_PIXELS);
    y.fill(digit, row, row + data.length / MNIST_PIXELS);
    row += data.length / MNIST_PIXELS;
  });
  return { x, y };
}

/**
 * The MNIST dataset split for `spec` (its dataSeed, testSize, validationSize). The pixel data is read once
 * per thread (~20 MB of JSON) and shared by every split; splits are cached per (dataSeed, sizes).
 */
export function loadMnist(spec: Pick<TaskSpec, 'dataSeed' | 'testSize' | 'validationSize'>): Dataset {
  const key = `${spec.dataSeed}/${spec.testSize}/${spec.validationSize}`;
  let ds = cache.get(key);
  if (!ds) {
    raw ??= readRaw();
    ds = {
      x: raw.x,
      y: raw.y,
      rows: MNIST_SIZE,
      features: MNIST_PIXELS,
      classes: MNIST_CLASSES,
      splits: splitRows(MNIST_SIZE, spec, spec.dataSeed),
    };
    cache.set(key, ds);
  }
  return ds;
}
