import { z } from 'zod';
import { Rng } from '../core/rng.js';
import { splitRows, type Dataset } from './dataset.js';
import { leastSquares } from './least-squares.js';
import type { TaskSpec } from './task.js';
import { checkTaskSpec } from './task-params.js';

/** linreg's own parameters (besides the split fields). */
export const linregParams = z.strictObject({
  /** Number of features. @default 10 */
  features: z.int().positive().default(10),
  /** Total number of samples generated. @default 4000 */
  samples: z.int().positive().default(4000),
  /** Standard deviation of the label noise. @default 0.1 */
  noise: z.number().nonnegative().default(0.1),
});

/** The fields of a TaskSpec the synthetic regression data depends on. */
export type LinregSpec = Pick<TaskSpec, 'dataSeed' | 'testSize' | 'validationSize'> & z.output<typeof linregParams>;

interface Generated {
  readonly x: Float32Array;
  readonly y: Float32Array;
}

const generated = new Map<string, Generated>();
const datasets = new Map<string, Dataset>();

/**
 * Draws the synthetic data: true weights w*_j ~ N(0, 1) and intercept b* ~ N(0, 1) (RNG fork
 * `'data', 'linreg', 'truth'`), features x_ij ~ N(0, 1) and y_i = x_i·w* + b* + noise·N(0, 1). Row i uses its
 * own stream (fork `'data', 'linreg', 'row'`, step i), so changing `samples` never changes existing rows.
 * Values are computed in float64 and stored as float32; the stored values are the dataset.
 */
function generate(spec: LinregSpec): Generated {
  const { features: d, samples: n, noise } = spec;
  const root = Rng.root(spec.dataSeed).fork('data', 'linreg');
  const truth = root.fork('truth').stream(0);
  const w = Float64Array.from({ length: d }, () => truth.normal());
  const b = truth.normal();
  const rowRng = root.fork('row');
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = rowRng.stream(i);
    let yi = b;
    for (let j = 0; j < d; j++) {
      const v = s.normal();
      x[i * d + j] = v;
      yi += v * w[j];
    }
    y[i] = yi + noise * s.normal();
  }
  return { x, y };
}

/** The synthetic regression dataset of `spec`, split like every task (see splitRows); cached per thread. */
export function loadLinreg(spec: LinregSpec): Dataset {
  const gkey = `${spec.dataSeed}/${spec.features}/${spec.samples}/${spec.noise}`;
  const key = `${gkey}/${spec.testSize}/${spec.validationSize}`;
  let ds = datasets.get(key);
  if (!ds) {
    let g = generated.get(gkey);
    if (!g) generated.set(gkey, (g = generate(spec)));
    ds = { x: g.x, y: g.y, rows: spec.samples, features: spec.features, classes: 0, splits: splitRows(spec.samples, spec, spec.dataSeed) };
    datasets.set(key, ds);
  }
  return ds;
}

/**
 * The known optimum of the linreg task: the exact minimizer of the mean squared error over the TRAIN split
 * (stored float32 data, solved in float64), in the flat parameter layout `[w_0..w_{d-1}, b]`. Its loss is
 * the best any training run can reach; distance to it measures convergence.
 */
export function linregOptimum(spec: TaskSpec): Float64Array {
  if (spec.name !== 'linreg') throw new TypeError(`linregOptimum: task '${spec.name}' is not linreg`);
  checkTaskSpec(spec, { params: linregParams, size: (s) => s.samples as number });
  const ds = loadLinreg(spec as TaskSpec & LinregSpec);
  return leastSquares(ds.x, ds.y as Float32Array, ds.splits.train, ds.features);
}
