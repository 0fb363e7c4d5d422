import { AssertionError } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../experiments/atomic-write.js';
import type { Scenario } from './scenario.js';
import { firstDivergence } from './trace-diff.js';

/** Options of {@link expectGolden}. */
export interface GoldenOptions {
  /** Rewrite the golden file with this run's trace. @default process.env.BYZSIM_UPDATE_GOLDEN === '1' */
  readonly update?: boolean;
}

/**
 * Compares a scenario's event log with the golden trace in `file` and throws an AssertionError naming the first
 * diverging arrival in words (time, worker, field, expected, got). A missing golden file is written, unless
 * the CI environment variable is set (then it is an error). `BYZSIM_UPDATE_GOLDEN=1` rewrites it.
 */
export async function expectGolden(s: Scenario, file: string, options: GoldenOptions = {}): Promise<void> {
  const trace = s.trace();
  const update = options.update ?? process.env.BYZSIM_UPDATE_GOLDEN === '1';
  if (update || !existsSync(file)) {
    if (!update && process.env.CI) throw new AssertionError({ message: `golden trace ${file} is missing; create it with BYZSIM_UPDATE_GOLDEN=1` });
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, trace);
    return;
  }
  const golden = await readFile(file, 'utf8');
  const diff = firstDivergence(golden, trace, { expected: 'golden', actual: 'got' });
  if (diff !== undefined) {
    throw new AssertionError({ message: `trace differs from ${file}: ${diff}. If the change is intended, rerun with BYZSIM_UPDATE_GOLDEN=1.` });
  }
}
