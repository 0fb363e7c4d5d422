import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { canonicalJson } from '../core/hash.js';
import { writeFileAtomic } from './atomic-write.js';
import { renderChart, type VegaLiteSpec } from './charts.js';
import { meanCurve } from './mean-curve.js';
import { readSummary, runFiles } from './results.js';
import { faultWindow, type Fault } from '../faults/faults.js';
import { showValue } from './run-name.js';
import { divergedLoss, type RunSummary } from './summary.js';

/** One run found in a results folder: its summary, resolved config, metrics over time and staleness per arrival. */
interface RunData {
  readonly folder: string;
  readonly summary: RunSummary;
  readonly config: Record<string, unknown>;
  readonly metrics: Array<{ version: number; test_accuracy: number }>;
  readonly staleness: number[];
  /** Fault windows (ms of virtual time) and, per arrival, its time, the server version after it and its fault. */
  readonly faults: Array<{ kind: string; from: number; to: number }>;
  readonly timeline: Array<{ time: number; version: number; fault: string }>;
}

/** Runs whose configs are equal except for the seed: one cell of a sweep or study, one row of the table. */
interface Cell {
  readonly label: string;
  /** The label without the staleness bound (the colour of the accuracy-vs-staleness chart). */
  readonly labelWithoutDelay: string;
  readonly maxDelay: number | undefined;
  readonly runs: readonly RunData[];
}

/** Parses a simple numeric CSV written by results.ts (no quoting in these files). */
function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

const isDir = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const exists = async (path: string) => (await stat(path).catch(() => undefined)) !== undefined;
/** Sub-folders, without the temporary `.partial-` folders of runs being written (or killed while writing). */
const subfolders = async (dir: string) =>
  (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && !d.name.includes('.partial-'))
    .map((d) => join(dir, d.name))
    .sort();

/** What a folder holds: a run, a sweep (the cells its sweep.csv names), a study (the runs study.csv names), or runs. */
async function findRuns(dir: string, notes: string[]): Promise<{ folders: string[]; gridOrder: string[]; study?: boolean }> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new InputError(`${dir}: no such folder`);
  if (!info.isDirectory()) throw new InputError(`${dir} is a file, not a results folder (a run, study or sweep folder)`);
  if (await exists(join(dir, runFiles.summary))) return { folders: [dir], gridOrder: [] };

  const sweepCsv = join(dir, 'sweep.csv');
  if (await exists(sweepCsv)) {
    // Cell ids are the first column (16 hex digits); error messages are kept on one line, so lines are records.
    const lines = (await readFile(sweepCsv, 'utf8')).trim().split('\n');
    const header = lines[0].split(',');
    const gridOrder = header.slice(1, header.indexOf('status')).filter((k) => k !== 'seed');
    const ids = lines.slice(1).map((l) => /^([0-9a-f]{16}),/.exec(l)?.[1]).filter((id): id is string => id !== undefined);
    const cells = join(dir, 'cells');
    const named = ids.map((id) => join(cells, id));
    const others = (await isDir(cells)) ? (await subfolders(cells)).filter((f) => !named.includes(f)) : [];
    if (others.length > 0) notes.push(`${others.length} other cell folder(s) in ${cells} are not in ${sweepCsv} (another sweep into this folder?) and are left out`);
    return { folders: named, gridOrder };
  }

  const studyCsv = join(dir, 'study.csv');
  if (await exists(studyCsv)) {
    // The run folder is the first column (a slug: no commas or quotes); names after it may be quoted.
    const lines = (await readFile(studyCsv, 'utf8')).trim().split('\n');
    if (lines[0].split(',')[0] === 'folder') {
      const named = lines.slice(1).map((l) => join(dir, l.slice(0, l.indexOf(','))));
      const others = [];
      for (const f of await subfolders(dir)) if (!named.includes(f) && (await exists(join(f, runFiles.summary)))) others.push(f);
      if (others.length > 0) notes.push(`${others.length} other run folder(s) in ${dir} are not in ${studyCsv} (an earlier study?) and are left out`);
      return { folders: named, gridOrder: [], study: true };
    }
    notes.push(`${studyCsv} does not name its run folders (written by an older byzsim): reporting every run folder in ${dir}`);
  }
  const cells = join(dir, 'cells');
  if (await isDir(cells)) {
    notes.push(`${dir} has no sweep.csv (a sweep still running or interrupted?): reporting every finished cell folder in ${cells}`);
    return { folders: await subfolders(cells), gridOrder: [] };
  }
  return { folders: await subfolders(dir), gridOrder: [] };
}

async function loadRun(folder: string, notes: string[], quiet: boolean): Promise<RunData | undefined> {
  const read = await readSummary<RunSummary>(folder);
  if (!read.ok) {
    if (!quiet || !read.missing) notes.push(`${read.reason}: skipped`);
    return undefined;
  }
  try {
    const config = JSON.parse(await readFile(join(folder, runFiles.config), 'utf8')) as Record<string, unknown>;
    const metrics = parseCsv(await readFile(join(folder, runFiles.metrics), 'utf8')).map((r) => ({ version: Number(r.version), test_accuracy: Number(r.test_accuracy) }));
    const events = parseCsv(await readFile(join(folder, runFiles.events), 'utf8'));
    const staleness = events.map((r) => Number(r.staleness));
    const end = Number(events.at(-1)?.time_ms ?? 0);
    const faults = ((config.faults ?? []) as Fault[]).map((f) => {
      const { from, to } = faultWindow(f);
      return { kind: f.kind, from, to: Math.min(to, end) };
    });
    const timeline = events.map((r) => ({ time: Number(r.time_ms), version: Number(r.server_version), fault: r.fault ?? '' }));
    return { folder, summary: read.summary, config, metrics, staleness, faults, timeline };
  } catch (e) {
    notes.push(`${folder}: ${(e as Error).message}: skipped`);
    return undefined;
  }
}

/** Leaves of a config as dotted paths → canonical JSON (arrays are leaves). */
function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, canonicalJson(value));
  }
  return out;
}

/** A config value as a label shows it: `–` when absent, strings unquoted, lists of rules compactly (`[nnm(f=1)]`). */
const show = (json: string | undefined) => (json === undefined ? '–' : /^["[]/.test(json) ? showValue(JSON.parse(json)) : json);

/** Orders values: absent first, numbers numerically, the rest as text. */
function compareValues(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const x = Number(a), y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : 1;
}

/**
 * Groups runs into cells: runs whose resolved configs are equal except for the seed (every other field that
 * differs splits them), so mean ± std is over seeds only. Labels name the fields that differ between cells
 * (a rule by its name, plus its parameters when they differ between cells of that rule); cells are sorted by
 * those values, grid paths first in grid order.
 */
function groupCells(runs: readonly RunData[], gridOrder: readonly string[], keepOrder: boolean): Cell[] {
  const groups = new Map<string, RunData[]>();
  for (const r of runs) {
    const { seed: _seed, ...rest } = r.config;
    const key = canonicalJson(rest);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const reps = [...groups.values()].map((rs) => flatten({ ...rs[0].config, seed: undefined }));
  const paths = [...new Set(reps.flatMap((m) => [...m.keys()]))].filter((p) => p !== 'seed');
  let differing = paths.filter((p) => new Set(reps.map((m) => m.get(p))).size > 1);
  const gridRank = (p: string) => {
    const i = gridOrder.findIndex((g) => p === g || p.startsWith(`${g}.`));
    return i < 0 ? gridOrder.length : i;
  };
  // Grid paths first (in grid order); then config order by top-level field, a rule's name before its parameters.
  const top = (p: string) => paths.findIndex((q) => q.split('.')[0] === p.split('.')[0]);
  const depth = (p: string) => (p.endsWith('.name') ? p.split('.').length - 1 : p.split('.').length);
  differing = differing
    .map((p, i) => ({ p, i }))
    .sort((a, b) => gridRank(a.p) - gridRank(b.p) || top(a.p) - top(b.p) || depth(a.p) - depth(b.p) || a.i - b.i)
    .map(({ p }) => p);

  const names = reps.map((m) => m.get('name'));
  const byName = differing.includes('name') && new Set(names).size === reps.length;
  const labelOf = (m: Map<string, string>, exclude: (p: string) => boolean) => {
    if (byName && !exclude('name')) return show(m.get('name'));
    const parts: string[] = [];
    for (const p of differing) {
      if (p === 'name' || exclude(p)) continue;
      // Inside a rule whose name differs between cells (policy, policy.aggregator, byzantine.attack), a field is
      // shown only when it differs between the cells that use the same rule.
      const segments = p.split('.');
      const owners = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('.')).filter((a) => `${a}.name` !== p && differing.includes(`${a}.name`));
      const owner = owners[owners.length - 1];
      if (owner !== undefined) {
        const same = reps.filter((o) => o.get(`${owner}.name`) === m.get(`${owner}.name`));
        if (new Set(same.map((o) => o.get(p))).size === 1) continue;
      }
      parts.push(p.endsWith('.name') ? `${p.slice(0, -5)}=${show(m.get(p))}` : `${p}=${show(m.get(p))}`);
    }
    return parts.join(', ') || (m.has('name') ? show(m.get('name')) : 'all runs');
  };
  const cells = [...groups.values()].map((rs, i) => {
    const timing = rs[0].config.timing as { model?: string; maxDelay?: number } | undefined;
    return {
      label: labelOf(reps[i], () => false),
      labelWithoutDelay: labelOf(reps[i], (p) => p === 'timing.maxDelay'),
      maxDelay: timing?.model === 'bounded' ? timing.maxDelay : undefined,
      runs: [...rs].sort((a, b) => a.summary.seed - b.summary.seed),
      rep: reps[i],
    };
  });
  // A study keeps its own order (study.csv); anything else is sorted by the values that differ.
  if (!keepOrder) cells.sort((a, b) => {
    for (const p of differing) {
      const c = compareValues(a.rep.get(p), b.rep.get(p));
      if (c !== 0) return c;
    }
    return 0;
  });
  return cells.map(({ rep: _rep, ...c }) => c);
}

const meanStd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : Number.NaN;
  return { m, sd };
};
const pct = (x: number) => `${(100 * x).toFixed(1)}`;
/** `mean ± std` (std over seeds; none for a single run), or – when undefined (e.g. no Byzantine arrivals). */
const pm = ({ m, sd }: { m: number; sd: number }, f: (x: number) => string) =>
  !Number.isFinite(m) ? '–' : Number.isFinite(sd) ? `${f(m)} ± ${f(sd)}` : f(m);
const finiteOr = (x: number | null | undefined) => (typeof x === 'number' ? x : Number.NaN);

/** The charts of a report, as vega-lite specs over the cells' data. */
function charts(cells: readonly Cell[]): Array<{ name: string; title: string; spec: VegaLiteSpec }> {
  const out: Array<{ name: string; title: string; spec: VegaLiteSpec }> = [];
  const colour = (title: string) => ({ field: 'cell', type: 'nominal', title, sort: cells.map((c) => c.label), scale: { scheme: cells.length > 10 ? 'category20' : 'category10' } });
  const seeds = Math.max(...cells.map((c) => c.runs.length));
  const overSeeds = seeds > 1 ? ' (mean over seeds)' : '';
  out.push({
    name: 'accuracy-vs-updates',
    title: `Test accuracy vs applied updates${overSeeds}`,
    spec: {
      data: { values: cells.flatMap((c) => meanCurve(c.runs.map((r) => r.metrics)).map((p) => ({ cell: c.label, ...p }))) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'updates', type: 'quantitative', title: 'applied updates' },
        y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } },
        color: colour('cell'),
      },
    },
  });
  const delays = cells.filter((c) => c.maxDelay !== undefined);
  if (new Set(delays.map((c) => c.maxDelay)).size > 1) {
    out.push({
      name: 'accuracy-vs-staleness',
      title: `Final test accuracy vs staleness bound${overSeeds}`,
      spec: {
        data: { values: delays.flatMap((c) => c.runs.map((r) => ({ cell: c.labelWithoutDelay, maxDelay: c.maxDelay, accuracy: r.summary.final.testAccuracy }))) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'maxDelay', type: 'quantitative', title: 'staleness bound (maxDelay)' },
          y: { aggregate: 'mean', field: 'accuracy', type: 'quantitative', title: 'final test accuracy', scale: { domain: [0, 1] } },
          color: { field: 'cell', type: 'nominal', title: 'cell' },
        },
      },
    });
  }
  const faulted = cells.flatMap((c) => c.runs.filter((r) => r.faults.length > 0).map((r) => ({ run: `${c.label} seed ${r.summary.seed}`, r })));
  if (faulted.length > 0) {
    out.push({
      name: 'faults-timeline',
      title: 'Applied updates over virtual time, with the fault windows and the arrivals faults touched',
      spec: {
        layer: [
          {
            data: { values: faulted.flatMap(({ run, r }) => r.faults.map((f) => ({ ...f, run }))) },
            mark: { type: 'rect', opacity: 0.2 },
            encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' }, color: { field: 'kind', type: 'nominal', title: 'fault' } },
          },
          {
            data: { values: faulted.flatMap(({ run, r }) => r.timeline.map((e) => ({ ...e, run }))) },
            mark: { type: 'line', interpolate: 'step-after' },
            encoding: {
              x: { field: 'time', type: 'quantitative', title: 'virtual time (ms)' },
              y: { field: 'version', type: 'quantitative', title: 'applied updates' },
              detail: { field: 'run', type: 'nominal' },
            },
          },
          {
            data: { values: faulted.flatMap(({ run, r }) => r.timeline.filter((e) => e.fault !== '').map((e) => ({ ...e, kind: e.fault.split('+')[0], run }))) },
            mark: { type: 'point', filled: true },
            encoding: { x: { field: 'time', type: 'quantitative' }, y: { field: 'version', type: 'quantitative' }, color: { field: 'kind', type: 'nominal' } },
          },
        ],
      },
    });
  }
  out.push({
    name: 'rates',
    title: `Accept, false-positive and false-negative rates${overSeeds}`,
    spec: {
      height: { step: 14 },
      data: {
        values: cells.flatMap((c) =>
          c.runs.flatMap((r) => {
            const a = r.summary.arrivals;
            return [
              { cell: c.label, rate: 'accepted', value: a.accepted / a.total },
              { cell: c.label, rate: 'false positive', value: a.falsePositiveRate },
              { cell: c.label, rate: 'false negative', value: a.falseNegativeRate },
            ].filter((d) => d.value !== null && Number.isFinite(d.value));
          }),
        ),
      },
      mark: 'bar',
      encoding: {
        // Cell labels are long: never cut them.
        y: { field: 'cell', type: 'nominal', title: null, sort: cells.map((c) => c.label), axis: { labelLimit: 1000 } },
        x: { aggregate: 'mean', field: 'value', type: 'quantitative', title: 'rate', scale: { domain: [0, 1] } },
        color: { field: 'rate', type: 'nominal' },
        yOffset: { field: 'rate' },
      },
    },
  });
  out.push({
    name: 'staleness',
    title: 'Staleness of arrivals (all seeds)',
    spec: {
      data: { values: cells.flatMap((c) => c.runs.flatMap((r) => r.staleness.map((s) => ({ cell: c.label, staleness: s })))) },
      mark: 'bar',
      encoding: {
        x: { field: 'staleness', type: 'ordinal', title: 'staleness (versions)' },
        y: { aggregate: 'count', type: 'quantitative', title: 'arrivals' },
        color: colour('cell'),
        xOffset: { field: 'cell', sort: cells.map((c) => c.label) },
      },
    },
  });
  return out;
}

/** The table of final metrics: one row per cell, mean ± std over its seeds (n of them). */
function table(cells: readonly Cell[]): string[][] {
  const rows = [['cell', 'n (seeds)', 'test accuracy %', 'test loss', 'FP rate %', 'FN rate %', 'mean staleness']];
  for (const c of cells) {
    const rs = c.runs;
    const broken = rs.filter((r) => r.summary.nonFiniteModel).length;
    const diverged = rs.filter((r) => divergedLoss(r.summary)).length;
    const marks = [...(broken > 0 ? [`non-finite model in ${broken} of ${rs.length}`] : []), ...(diverged > 0 ? [`diverged in ${diverged} of ${rs.length}`] : [])];
    rows.push([
      marks.length > 0 ? `${c.label} (${marks.join('; ')})` : c.label,
      String(rs.length),
      pm(meanStd(rs.map((r) => finiteOr(r.summary.final.testAccuracy))), pct),
      pm(meanStd(rs.map((r) => finiteOr(r.summary.final.testLoss))), (x) => x.toPrecision(3)),
      pm(meanStd(rs.map((r) => finiteOr(r.summary.arrivals.falsePositiveRate))), pct),
      pm(meanStd(rs.map((r) => finiteOr(r.summary.arrivals.falseNegativeRate))), pct),
      pm(meanStd(rs.map((r) => r.summary.staleness.mean)), (x) => x.toFixed(2)),
    ]);
  }
  return rows;
}

const escapeMd = (s: string) => s.replace(/\|/g, '\\|');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const markdownTable = ([head, ...body]: string[][]) =>
  [`| ${head.map(escapeMd).join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`, ...body.map((r) => `| ${r.map(escapeMd).join(' | ')} |`)].join('\n');
const htmlTable = ([head, ...body]: string[][]) =>
  `<table border="1" cellpadding="4"><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${body
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;

/** What {@link writeReport} wrote, and what the user should know (files skipped, runs left out). */
export interface ReportOutcome {
  readonly files: string[];
  readonly notes: string[];
}

/**
 * Writes `report.md` and `report.html` into `dir` (a run folder, a study or a sweep), with every chart as SVG and
 * PNG beside them (rendered headlessly: vega-lite → SVG → resvg → PNG). A sweep reports the cells its sweep.csv
 * names and a study the runs its study.csv names; other folders present are left out, with a note. Runs are
 * grouped into cells (equal configs but for the seed). Unreadable files are named in the notes and skipped.
 */
export async function writeReport(dir: string): Promise<ReportOutcome> {
  const notes: string[] = [];
  const { folders, gridOrder, study } = await findRuns(dir, notes);
  const isSweep = gridOrder.length > 0 || (await exists(join(dir, 'sweep.csv')));
  const loaded = [];
  for (const f of folders) loaded.push(await loadRun(f, notes, isSweep));
  const runs = loaded.filter((r): r is RunData => r !== undefined);
  if (isSweep && runs.length < folders.length) notes.push(`${folders.length - runs.length} cell(s) of the sweep have no finished run (failed or not run yet) and are left out`);
  if (runs.length === 0) throw new InputError(`${dir}: no finished run (no readable summary.json) found`);
  const cells = groupCells(runs, gridOrder, study === true);
  const broken = runs.filter((r) => r.summary.nonFiniteModel);
  const diverged = runs.filter((r) => divergedLoss(r.summary));
  const warnings = [
    ...(broken.length > 0 ? [`**Warning:** the model became non-finite (NaN or infinite parameters) in ${broken.length} of ${runs.length} run(s); their metrics describe a broken model.`] : []),
    ...(diverged.length > 0
      ? [`**Warning:** the model diverged in ${diverged.length} of ${runs.length} run(s): a final test loss that is not finite (outputs overflowing float32), so gradients computed on it were dropped as non-finite, honest ones included (their false-positive rate counts them); their metrics describe a broken model.`]
      : []),
  ].flatMap((w) => [w, '']);
  const rows = table(cells);
  const written: string[] = [];
  const intro = `${runs.length} run(s) in ${cells.length} cell(s) from \`${dir}\`; mean ± std over the seeds of each cell.`;
  const md = [`# byzsim report`, '', intro, '', ...warnings, ...notes.map((n) => `- ${n}`), ...(notes.length ? [''] : []), markdownTable(rows), ''];
  const html = [`<!doctype html><meta charset="utf-8"><title>byzsim report</title><h1>byzsim report</h1><p>${escapeHtml(intro)}</p>`];
  for (const w of warnings.filter((x) => x !== '')) html.push(`<p><strong>${escapeHtml(w.replace(/\*\*/g, ''))}</strong></p>`);
  if (notes.length > 0) html.push(`<ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  for (const chart of charts(cells)) {
    const { svg, png } = await renderChart({ width: 520, height: 260, ...chart.spec, title: chart.title });
    await writeFileAtomic(join(dir, `${chart.name}.svg`), svg);
    await writeFileAtomic(join(dir, `${chart.name}.png`), png);
    written.push(join(dir, `${chart.name}.svg`), join(dir, `${chart.name}.png`));
    md.push(`## ${chart.title}`, '', `![${chart.title}](${chart.name}.png)`, '');
    html.push(`<h2>${escapeHtml(chart.title)}</h2>${svg}`);
  }
  html.push(htmlTable(rows));
  await writeFileAtomic(join(dir, 'report.md'), md.join('\n'));
  await writeFileAtomic(join(dir, 'report.html'), html.join('\n'));
  return { files: [...written, join(dir, 'report.md'), join(dir, 'report.html')], notes };
}
