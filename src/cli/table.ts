import Table from 'cli-table3';
import type { RunSummary } from '../experiments/summary.js';

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** The comparison table printed after runs: accuracy, filter quality, staleness, cost. */
export function summaryTable(summaries: readonly RunSummary[]): string {
  const table = new Table({
    head: ['run', 'test acc', 'accepted', 'rejected', 'FP rate', 'FN rate', 'mean staleness', 'wall s'],
    style: { head: [], border: [] },
  });
  for (const s of summaries) {
    table.push([
      s.name,
      pct(s.final.testAccuracy),
      s.arrivals.accepted,
      s.arrivals.rejected,
      pct(s.arrivals.falsePositiveRate),
      pct(s.arrivals.falseNegativeRate),
      s.staleness.mean.toFixed(2),
      s.wall.totalSeconds.toFixed(1),
    ]);
  }
  return table.toString();
}
