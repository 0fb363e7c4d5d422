import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../core/errors.js';
import { registerCleanup } from './cleanup.js';
import { TICKS_PER_MS } from '../timing/distributions.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RegistryTables, RunConfig } from '../config/schema.js';
import { hashJson } from '../core/hash.js';
import type { RunResult } from './run-result.js';
import { runName } from './run-name.js';
import { eventColumns, eventRow, sentBy } from './trace.js';

/** The files of a run folder. summary.json is written last: its presence marks a finished run. */
export const runFiles = {
  config: 'config.json',
  events: 'events.csv',
  metrics: 'metrics.csv',
  summary: 'summary.json',
} as const;

const json = (v: unknown) => `${JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2)}\n`;

/** The text of events.csv: one row per arrival, numbers printed exactly. */
export function eventLog(result: Pick<RunResult, 'records' | 'config'>): string {
  return stringify(result.records.map((r) => eventRow(r, TICKS_PER_MS, sentBy(result.config))), { header: true, columns: [...eventColumns] });
}

/**
 * The text of each file of a run folder, in writing order (summary.json last). A sweep cell run on another
 * machine is sent back as these texts, so its folder is byte-identical to one written here.
 */
export function runFolderFiles(result: RunResult): Array<[name: string, text: string]> {
  return [
    [runFiles.config, json(result.config)],
    [runFiles.events, eventLog(result)],
    [
      runFiles.metrics,
      stringify(
        result.evaluations.map((e) => [e.version, e.arrivals, e.time / TICKS_PER_MS, e.loss, e.accuracy]),
        { header: true, columns: ['version', 'arrivals', 'time_ms', 'test_loss', 'test_accuracy'] },
      ),
    ],
    [runFiles.summary, json(result.summary)],
  ];
}

/**
 * Writes config.json (resolved), events.csv (one row per arrival), metrics.csv and summary.json into a
 * temporary folder beside `dir`, then renames it to `dir`: readers (and a resumed sweep) see no folder or a
 * whole one, and an interrupted process leaves nothing partial. An existing `dir` (an unfinished or failed
 * attempt, or the same config run before) is replaced.
 */
export async function writeRunFolder(dir: string, result: RunResult): Promise<void> {
  await writeFolderFiles(dir, runFolderFiles(result));
}

/** Writes a run folder from its files' texts (as from runFolderFiles), whole or not at all, as writeRunFolder does. */
export async function writeFolderFiles(dir: string, files: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new InputError(`${dir} exists and is not a folder: cannot write the run's results there`);
  const tmp = `${dir}.partial-${randomBytes(4).toString('hex')}`;
  const unregister = registerCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  try {
    for (const [name, text] of files) await writeFileAtomic(join(tmp, name), text);
    if (existing) await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    unregister();
  }
}

/**
 * The summary of a finished run folder, or why it cannot be read: `missing` (not finished) or `unreadable`
 * (a truncated or corrupt summary.json, named in `reason`).
 */
export async function readSummary<T = unknown>(dir: string): Promise<{ ok: true; summary: T } | { ok: false; missing: boolean; reason: string }> {
  const path = join(dir, runFiles.summary);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: `${path}: not found` };
    return { ok: false, missing: false, reason: `${path}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, summary: JSON.parse(text) as T };
  } catch (e) {
    return { ok: false, missing: false, reason: `${path} is unreadable (${(e as Error).message})` };
  }
}

/**
 * A folder name for a run: a slug of its name (`name`, else config.name, else its default name), cut to 200
 * characters, plus the start of its config hash (so distinct configs never collide). `zeno++` becomes `zenopp`.
 */
export function runFolderName(config: RunConfig, name?: string, tables?: RegistryTables): string {
  const slug = (name ?? config.name ?? runName(config, tables))
    .toLowerCase()
    .replace(/\+\+/g, 'pp')
    .replace(/[^a-z0-9.]+/g, '-')
    .slice(0, 200)
    .replace(/^-+|-+$/g, '');
  return `${slug}-${hashJson(config).slice(0, 8)}`;
}
