import { engine, type Engine } from '../../engine/engine.js';
import type { Dataset } from '../dataset.js';
import type { Split } from '../task.js';

/** Words of the dataset header the kernels read (assembly/models/data.ts). */
const HEADER_WORDS = 5;

/** A dataset copied into this thread's engine memory once: the byte address of its header, and of each split's rows. */
export interface EngineData {
  readonly header: number;
  readonly splits: Readonly<Record<Split, number>>;
}

const cache = new WeakMap<Engine, WeakMap<Dataset, EngineData>>();
const rowsCache = new WeakMap<Engine, WeakMap<Float32Array, number>>();

function int32(e: Engine, length: number): Int32Array {
  const ptr = e.alloc(length * 4);
  return new Int32Array(e.memory.buffer, ptr, length);
}

/**
 * The rows of `ds` in compressed sparse row form in engine memory (only non-zero features, in increasing feature
 * order: an MNIST digit keeps ~19% of its 784 pixels), one float32 target per row (class label or regression target),
 * and each split's row numbers. Built once per thread and dataset (the examples are shared by every split of MNIST);
 * never freed (a thread loads a handful of datasets).
 */
export function engineData(ds: Dataset): EngineData {
  const e = engine();
  let perEngine = cache.get(e);
  if (!perEngine) cache.set(e, (perEngine = new WeakMap()));
  let d = perEngine.get(ds);
  if (!d) {
    const header = int32(e, HEADER_WORDS);
    header.set([...sparseRows(e, ds.x, ds.rows, ds.features), targets(e, ds), ds.classes]);
    const rows = (r: Int32Array): number => {
      const a = int32(e, Math.max(r.length, 1));
      a.set(r);
      return a.byteOffset;
    };
    d = { header: header.byteOffset, splits: { train: rows(ds.splits.train), validation: rows(ds.splits.validation), test: rows(ds.splits.test) } };
    perEngine.set(ds, d);
  }
  return d;
}

/** [rowStart, index, value] addresses of the CSR form of x (cached per examples array: MNIST splits share it). */
function sparseRows(e: Engine, x: Float32Array, rows: number, features: number): [number, number, number] {
  let perEngine = rowsCache.get(e);
  if (!perEngine) rowsCache.set(e, (perEngine = new WeakMap()));
  const known = perEngine.get(x);
  if (known !== undefined) {
    const h = new Int32Array(e.memory.buffer, known, 3);
    return [h[0], h[1], h[2]];
  }
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const rowStart = int32(e, rows + 1);
  const index = int32(e, Math.max(nnz, 1));
  const value = e.float32(Math.max(nnz, 1));
  let p = 0;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = p;
    for (let k = 0; k < features; k++) {
      const v = x[r * features + k];
      if (v !== 0) {
        index[p] = k;
        value[p++] = v;
      }
    }
  }
  rowStart[rows] = p;
  const triple = int32(e, 3);
  triple.set([rowStart.byteOffset, index.byteOffset, value.byteOffset]);
  perEngine.set(x, triple.byteOffset);
  return [rowStart.byteOffset, index.byteOffset, value.byteOffset];
}

function targets(e: Engine, ds: Dataset): number {
  const t = e.float32(Math.max(ds.rows, 1));
  for (let r = 0; r < ds.rows; r++) t[r] = ds.y[r];
  return t.byteOffset;
}
