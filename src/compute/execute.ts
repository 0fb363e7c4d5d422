import { engine } from '../engine/engine.js';
import { sgdStep } from '../engine/vectors.js';
import type { ComputeTask } from '../tasks/task.js';
import type { Job, JobResult, LocalTrainingJob } from './jobs.js';

/** Per task (so per thread): the local model and gradient of local training, in engine memory, made once. */
const localScratch = new WeakMap<ComputeTask, { model: Float32Array; gradient: Float32Array }>();

/** Runs `job.steps` local SGD steps and writes u = (x_pulled − x_local)/lr, in float64 rounded once. */
function localTraining(task: ComputeTask, job: LocalTrainingJob): number {
  const dim = task.info.dim;
  if (job.params.length !== dim || job.out.length !== dim) throw new RangeError(`local training: params and out must have length ${dim}`);
  if (job.indices.length !== job.steps * job.batchSize) throw new RangeError(`local training: expected ${job.steps} × ${job.batchSize} indices, got ${job.indices.length}`);
  let s = localScratch.get(task);
  if (!s) localScratch.set(task, (s = { model: engine().float32(dim), gradient: engine().float32(dim) }));
  const { model, gradient } = s;
  model.set(job.params);
  let lossSum = 0;
  for (let k = 0; k < job.steps; k++) {
    lossSum += task.gradient(model, job.split, job.indices.subarray(k * job.batchSize, (k + 1) * job.batchSize), job.flipLabels, gradient);
    sgdStep(model, model, job.lr, gradient, 0); // elementwise, read before write: in place is safe
  }
  const x = job.params;
  const out = job.out;
  for (let i = 0; i < dim; i++) out[i] = (x[i] - model[i]) / job.lr;
  return lossSum / job.steps;
}

/**
 * Runs one job against a loaded task, synchronously. Shared by the inline executor and the pool threads,
 * so both paths run literally the same code.
 */
export function executeJob<J extends Job>(task: ComputeTask, job: J): JobResult<J> {
  if (job.kind === 'gradient') {
    const loss = task.gradient(job.params, job.split, job.indices, job.flipLabels, job.out);
    return { loss } as JobResult<J>;
  }
  if (job.kind === 'local') {
    return { loss: localTraining(task, job) } as JobResult<J>;
  }
  if (job.kind === 'evaluate') {
    const { loss, accuracy } = task.evaluate(job.params, job.split);
    return { loss, accuracy } as JobResult<J>;
  }
  if (job.kind === 'loss') {
    return { loss: task.loss(job.params, job.split, job.indices) } as JobResult<J>;
  }
  throw new TypeError(`unknown job kind '${(job as { kind?: unknown }).kind}'`);
}
