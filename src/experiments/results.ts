import { stringify } from 'csv-stringify/sync';
import { join } from 'node:path';
import { TICKS_PER_MS } from '../timing/distributions.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RunResult } from './simulate.js';
import { eventColumns, eventRow, sentBy } from './trace.js';

/** The files of a run folder. summary.json is written last: its presence marks a finished run. */
export const runFiles = {
  config: 'config.json',
  events: 'events.csv',
  metrics: 'metrics.csv',
  summary: 'summary.json',
} as const;

const json = (v: unknown) => `${JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2)}\n`;

/** Writes config.json (resolved), events.csv (one row per arrival), metrics.csv and summary.json, each atomically. */
export async function writeRunFolder(dir: string, result: RunResult): Promise<void> {
  await writeFileAtomic(join(dir, runFiles.config), json(result.config));
  await writeFileAtomic(
    join(dir, runFiles.events),
    stringify(result.records.map((r) => eventRow(r, TICKS_PER_MS, sentBy(result.config))), { header: true, columns: [...eventColumns] }),
  );
  await writeFileAtomic(
    join(dir, runFiles.metrics),
    stringify(
      result.evaluations.map((e) => [e.version, e.arrivals, e.time / TICKS_PER_MS, e.loss, e.accuracy]),
      { header: true, columns: ['version', 'arrivals', 'time_ms', 'test_loss', 'test_accuracy'] },
    ),
  );
  await writeFileAtomic(join(dir, runFiles.summary), json(result.summary));
}
