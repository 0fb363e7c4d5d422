import type { EvaluationPoint } from '../actors/run-actors.js';
import type { ArrivalRecord } from '../actors/arrival.js';
import type { RunConfig } from '../config/schema.js';
import type { RunSummary } from './summary.js';

/** Everything a run produced: what `simulate` returns and what a run folder is written from. */
export interface RunResult {
  readonly config: RunConfig;
  readonly summary: RunSummary;
  /** One record per arrival at the server, in the order it handled them. */
  readonly records: readonly ArrivalRecord[];
  /** Test-set evaluations over the run. */
  readonly evaluations: readonly EvaluationPoint[];
  readonly finalParams: Float32Array;
}
