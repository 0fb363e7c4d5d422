/**
 * A task in one file (examples/custom-task.ts runs it): logistic regression in plain JavaScript on synthetic data.
 * Two Gaussian classes in `features` dimensions, centred at ±`separation`/2 along every axis (each row from its own
 * seeded stream, so the data depend only on dataSeed, features and samples); the model is z = x·w + b, the loss the
 * mean of log(1 + exp(−s·z)) with s = ±1 the class. Registered with one line:
 * `registries.registerTask('logistic', logistic)`; `module` lets pool threads import this file for it.
 */
import { z } from 'zod';
import { Rng, defineTask, denseLayout, splitRows, taskParts, type Dataset, type TaskSpecOf } from 'byzsim';

const params = z.strictObject({
  features: z.int().positive().default(4),
  samples: z.int().positive().default(600),
  separation: z.number().positive().default(1.5),
  // A small dataset: smaller held-out splits than the defaults (2000 and 500).
  testSize: z.int().positive().default(100),
  validationSize: z.int().positive().default(50),
});
type Spec = TaskSpecOf<typeof params>;

const cache = new Map<string, Dataset>();

/** The dataset of `spec`, generated once per thread. */
function dataset(spec: Spec): Dataset {
  const key = JSON.stringify([spec.dataSeed, spec.features, spec.samples, spec.separation, spec.testSize, spec.validationSize]);
  let ds = cache.get(key);
  if (!ds) {
    const { features: d, samples: n } = spec;
    const rows = Rng.root(spec.dataSeed).fork('logistic', 'row');
    const x = new Float32Array(n * d);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const s = rows.stream(i);
      y[i] = s.float() < 0.5 ? 0 : 1;
      for (let j = 0; j < d; j++) x[i * d + j] = (y[i] - 0.5) * spec.separation + s.normal();
    }
    ds = { x, y, rows: n, features: d, classes: 2, splits: splitRows(n, spec, spec.dataSeed) };
    cache.set(key, ds);
  }
  return ds;
}

/** log(1 + e^t) without overflow. */
const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

export default defineTask({
  params,
  summary: 'logistic regression on two synthetic Gaussian classes, in plain JavaScript (examples/tasks/logistic.ts)',
  size: (spec) => spec.samples,
  classes: () => 2,
  layout: (spec) => denseLayout([spec.features, 1]),
  dataset,
  compute: {
    js(spec) {
      const parts = taskParts(dataset(spec), denseLayout([spec.features, 1]));
      const { dataset: ds, info } = parts;
      const d = ds.features;
      /** z of row r, in float64. */
      const logit = (w: Float32Array, r: number) => {
        let z = w[d];
        for (let j = 0; j < d; j++) z += ds.x[r * d + j] * w[j];
        return z;
      };
      const sign = (r: number, flip: boolean) => ((ds.y[r] === 1) !== flip ? 1 : -1);
      const check = (w: Float32Array) => {
        if (w.length !== info.dim) throw new RangeError(`params has length ${w.length}, expected ${info.dim}`);
      };
      return {
        info,
        gradient(w, split, indices, flip, out) {
          check(w);
          const g = new Float64Array(info.dim);
          let loss = 0;
          for (const i of indices) {
            const r = ds.splits[split][i];
            const s = sign(r, flip);
            const z = logit(w, r);
            loss += softplus(-s * z);
            const c = -s / (1 + Math.exp(s * z)); // d/dz log(1 + e^(−s·z))
            for (let j = 0; j < d; j++) g[j] += c * ds.x[r * d + j];
            g[d] += c;
          }
          for (let j = 0; j <= d; j++) out[j] = g[j] / indices.length;
          return loss / indices.length;
        },
        loss(w, split, indices) {
          check(w);
          let loss = 0;
          for (const i of indices) {
            const r = ds.splits[split][i];
            loss += softplus(-sign(r, false) * logit(w, r));
          }
          return loss / indices.length;
        },
        evaluate(w, split) {
          check(w);
          let loss = 0;
          let correct = 0;
          for (const r of ds.splits[split]) {
            const z = logit(w, r);
            loss += softplus(-sign(r, false) * z);
            if ((z > 0) === (ds.y[r] === 1)) correct++;
          }
          return { loss: loss / ds.splits[split].length, accuracy: correct / ds.splits[split].length };
        },
      };
    },
  },
  module: import.meta.url,
});
