import { Subject, type Observable, type SchedulerLike, map, tap } from 'rxjs';
import type { Compute } from '../compute/jobs.js';
import { deliverAfter } from '../scheduler/rx-scheduler.js';
import type { SubsetSampler } from './batches.js';
import type { BufferPool } from './buffer-pool.js';
import type { Validation, ValidationRequest } from './messages.js';
import type { ModelHistory } from './model-history.js';

/**
 * Zeno++'s validator: on request, the gradient of the loss on a fresh validation minibatch (n_s samples of
 * the server's validation set) at the requested (latest) model. Two slots alternate, so the gradient the
 * server still uses is never overwritten by the next refresh.
 */
export class ValidatorActor {
  readonly requests = new Subject<ValidationRequest>();
  readonly validations$: Observable<Validation>;
  private readonly slots: [Float32Array, Float32Array];

  constructor(
    private readonly compute: Compute,
    private readonly history: ModelHistory,
    private readonly sampler: SubsetSampler,
    scheduler: SchedulerLike,
    buffers: BufferPool,
  ) {
    this.slots = [buffers.acquire(), buffers.acquire()];
    this.validations$ = this.requests.pipe(
      map((r) => this.start(r)),
      deliverAfter(scheduler, () => 0, (v: Validation) => v.pending),
      tap((v) => this.history.release(v.version)),
    );
  }

  private start({ refresh, version }: ValidationRequest): Validation {
    const gradient = this.slots[refresh % 2];
    const params = this.history.retain(version);
    const pending = this.compute.run({
      kind: 'gradient',
      params,
      split: 'validation',
      indices: this.sampler.sample(refresh),
      flipLabels: false,
      out: gradient,
    });
    // The scheduler reports a failure when the delivery is due; this only stops Node calling it unhandled.
    pending.catch(() => {});
    return { refresh, version, gradient, pending };
  }
}
