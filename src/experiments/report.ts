import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { renderChart, type VegaLiteSpec } from './charts.js';
import { runFiles } from './results.js';
import type { RunSummary } from './summary.js';

/** One run found in a results folder: its summary, metrics over time and staleness per arrival. */
interface RunData {
  readonly label: string;
  readonly group: string;
  readonly summary: RunSummary;
  readonly maxDelay: number | undefined;
  readonly metrics: Array<{ version: number; test_accuracy: number }>;
  readonly staleness: number[];
}

/** Parses a simple numeric CSV written by results.ts (no quoting in these files). */
function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const keys = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
}

/** Every run folder under `dir` (the folder itself, its sub-folders, or a sweep's `cells/`). */
function runFolders(dir: string): string[] {
  if (existsSync(join(dir, runFiles.summary))) return [dir];
  const children = existsSync(join(dir, 'cells')) ? join(dir, 'cells') : dir;
  return readdirSync(children, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(children, d.name, runFiles.summary)))
    .map((d) => join(children, d.name))
    .sort();
}

async function loadRun(folder: string): Promise<RunData> {
  const summary = JSON.parse(await readFile(join(folder, runFiles.summary), 'utf8')) as RunSummary;
  const config = JSON.parse(await readFile(join(folder, runFiles.config), 'utf8')) as { timing: { model: string; maxDelay?: number } };
  const metrics = parseCsv(await readFile(join(folder, runFiles.metrics), 'utf8')).map((r) => ({ version: Number(r.version), test_accuracy: Number(r.test_accuracy) }));
  const staleness = parseCsv(await readFile(join(folder, runFiles.events), 'utf8')).map((r) => Number(r.staleness));
  const attack = summary.byzantineCount > 0 ? `${summary.attack} q=${summary.byzantineCount}` : 'no attack';
  return {
    label: summary.name,
    group: `${summary.policy}, ${attack}`,
    summary,
    maxDelay: config.timing.model === 'bounded' ? config.timing.maxDelay : undefined,
    metrics,
    staleness,
  };
}

const meanStd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd };
};
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}` : '–');
/** `mean ± std` in percent, or – when the rate is undefined (e.g. no Byzantine arrivals). */
const pctPm = ({ m, sd }: { m: number; sd: number }) => (Number.isFinite(m) ? `${pct(m)} ± ${pct(sd)}` : '–');

/** The charts of a report, as vega-lite specs over the runs' data. */
function charts(runs: RunData[]): Array<{ name: string; title: string; spec: VegaLiteSpec }> {
  const out: Array<{ name: string; title: string; spec: VegaLiteSpec }> = [];
  out.push({
    name: 'accuracy-vs-updates',
    title: 'Test accuracy vs applied updates',
    spec: {
      data: { values: runs.flatMap((r) => r.metrics.map((m) => ({ run: r.label, group: r.group, updates: m.version, accuracy: m.test_accuracy }))) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'updates', type: 'quantitative', title: 'applied updates' },
        y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } },
        color: { field: 'group', type: 'nominal', title: 'policy, attack' },
        detail: { field: 'run', type: 'nominal' },
      },
    },
  });
  if (new Set(runs.map((r) => r.maxDelay)).size > 1) {
    out.push({
      name: 'accuracy-vs-staleness',
      title: 'Final test accuracy vs staleness bound',
      spec: {
        data: { values: runs.filter((r) => r.maxDelay !== undefined).map((r) => ({ group: r.group, maxDelay: r.maxDelay, accuracy: r.summary.final.testAccuracy })) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'maxDelay', type: 'quantitative', title: 'staleness bound (maxDelay)' },
          y: { aggregate: 'mean', field: 'accuracy', type: 'quantitative', title: 'final test accuracy (mean over seeds)', scale: { domain: [0, 1] } },
          color: { field: 'group', type: 'nominal', title: 'policy, attack' },
        },
      },
    });
  }
  out.push({
    name: 'rates',
    title: 'Accept, false-positive and false-negative rates',
    spec: {
      data: {
        values: runs.flatMap((r) => {
          const a = r.summary.arrivals;
          return [
            { group: r.group, rate: 'accepted', value: a.accepted / a.total },
            { group: r.group, rate: 'false positive', value: a.falsePositiveRate },
            { group: r.group, rate: 'false negative', value: a.falseNegativeRate },
          ].filter((d) => d.value !== null && Number.isFinite(d.value));
        }),
      },
      mark: 'bar',
      encoding: {
        y: { field: 'group', type: 'nominal', title: null },
        x: { aggregate: 'mean', field: 'value', type: 'quantitative', title: 'rate (mean over runs)', scale: { domain: [0, 1] } },
        color: { field: 'rate', type: 'nominal' },
        yOffset: { field: 'rate' },
      },
    },
  });
  out.push({
    name: 'staleness',
    title: 'Staleness of arrivals',
    spec: {
      data: { values: runs.flatMap((r) => r.staleness.map((s) => ({ group: r.group, staleness: s }))) },
      mark: 'bar',
      encoding: {
        x: { field: 'staleness', type: 'ordinal', title: 'staleness (versions)' },
        y: { aggregate: 'count', type: 'quantitative', title: 'arrivals' },
        color: { field: 'group', type: 'nominal', title: 'policy, attack' },
        xOffset: { field: 'group' },
      },
    },
  });
  return out;
}

/**
 * The table of final metrics, mean ± std over the runs of each (policy, attack[, staleness bound]) group — over
 * seeds when the runs differ only in seed.
 */
function table(runs: RunData[]): string {
  const byDelay = new Set(runs.map((r) => r.maxDelay)).size > 1;
  const groups = new Map<string, RunData[]>();
  for (const r of runs) {
    const key = byDelay ? `${r.group}, maxDelay ${r.maxDelay ?? '–'}` : r.group;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows = ['| policy, attack | runs | test accuracy % | FP rate % | FN rate % | mean staleness |', '|---|---:|---:|---:|---:|---:|'];
  for (const [group, rs] of groups) {
    const acc = meanStd(rs.map((r) => r.summary.final.testAccuracy));
    const fp = meanStd(rs.map((r) => r.summary.arrivals.falsePositiveRate ?? Number.NaN));
    const fn = meanStd(rs.map((r) => r.summary.arrivals.falseNegativeRate ?? Number.NaN));
    const st = meanStd(rs.map((r) => r.summary.staleness.mean));
    rows.push(`| ${group} | ${rs.length} | ${pctPm(acc)} | ${pctPm(fp)} | ${pctPm(fn)} | ${st.m.toFixed(2)} ± ${st.sd.toFixed(2)} |`);
  }
  return rows.join('\n');
}

/**
 * Writes `report.md` and `report.html` into `dir` (a run folder, a study or a sweep), with every chart as SVG and
 * PNG beside them (rendered headlessly: vega-lite → SVG → resvg → PNG). Returns the files written.
 */
export async function writeReport(dir: string): Promise<string[]> {
  const folders = runFolders(dir);
  if (folders.length === 0) throw new Error(`${dir}: no finished run (no summary.json) found`);
  const runs = await Promise.all(folders.map(loadRun));
  const written: string[] = [];
  const md = [`# byzsim report`, '', `${runs.length} run(s) from \`${dir}\`.`, '', table(runs), ''];
  const html = [`<!doctype html><meta charset="utf-8"><title>byzsim report</title><h1>byzsim report</h1><p>${runs.length} run(s).</p>`];
  for (const chart of charts(runs)) {
    const { svg, png } = await renderChart({ ...chart.spec, title: chart.title, width: 520, height: 260 });
    await writeFileAtomic(join(dir, `${chart.name}.svg`), svg);
    await writeFileAtomic(join(dir, `${chart.name}.png`), png);
    written.push(join(dir, `${chart.name}.svg`), join(dir, `${chart.name}.png`));
    md.push(`## ${chart.title}`, '', `![${chart.title}](${chart.name}.png)`, '');
    html.push(`<h2>${chart.title}</h2>${svg}`);
  }
  html.push(markdownTableToHtml(table(runs)));
  await writeFileAtomic(join(dir, 'report.md'), md.join('\n'));
  await writeFileAtomic(join(dir, 'report.html'), html.join('\n'));
  return [...written, join(dir, 'report.md'), join(dir, 'report.html')];
}

function markdownTableToHtml(mdTable: string): string {
  const [head, , ...body] = mdTable.split('\n');
  const cells = (line: string, tag: string) => line.split('|').slice(1, -1).map((c) => `<${tag}>${c.trim()}</${tag}>`).join('');
  return `<table border="1" cellpadding="4"><tr>${cells(head, 'th')}</tr>${body.map((l) => `<tr>${cells(l, 'td')}</tr>`).join('')}</table>`;
}
