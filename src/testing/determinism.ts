import { AssertionError } from 'node:assert';
import type { RunConfigInput } from '../config/schema.js';
import { hashBytes } from '../core/hash.js';
import { scenario, type Scenario, type ScenarioOptions } from './scenario.js';
import { firstDivergence } from './trace-diff.js';

/** Options of {@link expectDeterministic}. */
export interface DeterminismOptions extends Omit<ScenarioOptions, 'threads'> {
  /** The pool sizes to compare (0: inline). @default [0, 1, 2] */
  readonly threads?: readonly number[];
  /** Extra inline reruns. @default 1 */
  readonly reruns?: number;
}

/**
 * Runs `config` inline, with each pool size and again inline, and throws an AssertionError unless every run
 * gives the identical event log and final model; the message names the first diverging arrival in words.
 * Returns the first run.
 */
export async function expectDeterministic(config: RunConfigInput, options: DeterminismOptions = {}): Promise<Scenario> {
  const { threads = [0, 1, 2], reruns = 1, ...rest } = options;
  const plan = [...threads, ...new Array<number>(reruns).fill(0)];
  const label = (t: number, i: number) => (i >= threads.length ? `inline rerun` : t === 0 ? 'inline' : `a pool of ${t}`);
  let first: { s: Scenario; label: string; model: string } | undefined;
  for (const [i, t] of plan.entries()) {
    const s = await scenario(config, { ...rest, threads: t, models: false });
    const model = hashBytes(s.result.finalParams);
    if (first === undefined) {
      first = { s, label: label(t, i), model };
      continue;
    }
    const diff = firstDivergence(first.s.trace(), s.trace(), { expected: first.label, actual: label(t, i) });
    if (diff !== undefined) throw new AssertionError({ message: `not deterministic: ${diff}` });
    if (model !== first.model) throw new AssertionError({ message: `not deterministic: identical traces, but the final model of ${label(t, i)} differs from ${first.label}` });
  }
  return first!.s;
}
