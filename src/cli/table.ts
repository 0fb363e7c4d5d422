import Table from 'cli-table3';
import { divergedLoss, type RunSummary } from '../experiments/summary.js';

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** The comparison table printed after runs: accuracy, filter quality, staleness, cost. */
export function summaryTable(summaries: readonly RunSummary[]): string {
  const table = new Table({
    head: ['run', 'test acc', 'accepted', 'rejected', 'unselected', 'skipped', 'FP rate', 'FN rate', 'mean staleness', 'wall s'],
    style: { head: [], border: [] },
  });
  for (const s of summaries) {
    table.push([
      s.nonFiniteModel ? `${s.name} (NON-FINITE MODEL)` : divergedLoss(s) ? `${s.name} (DIVERGED)` : s.name,
      pct(s.final.testAccuracy),
      s.arrivals.accepted,
      s.arrivals.rejected,
      s.arrivals.unselected ?? 0,
      s.skipped,
      pct(s.arrivals.falsePositiveRate),
      pct(s.arrivals.falseNegativeRate),
      s.staleness.mean.toFixed(2),
      s.wall.totalSeconds.toFixed(1),
    ]);
  }
  return table.toString();
}

/** One warning per run whose model became non-finite or diverged: its later numbers describe a broken model. */
export function nonFiniteWarnings(summaries: readonly RunSummary[]): string[] {
  return summaries.flatMap((s) => {
    if (s.nonFiniteModel) {
      return [
        `WARNING: ${s.name}: the model became non-finite (NaN or infinite parameters) at arrival ${s.nonFiniteModel.arrival} ` +
          `(update ${s.nonFiniteModel.version}); every later gradient is non-finite too, so its accuracy and rates describe a broken model ` +
          '(a learning rate too large for float32, or an attack that got through)',
      ];
    }
    const diverged = divergedLoss(s);
    return diverged ? [`WARNING: ${s.name}: ${diverged}; its accuracy and rates describe a broken model`] : [];
  });
}
