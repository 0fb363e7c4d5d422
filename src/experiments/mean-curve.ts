/** One evaluation of a run: the model version (applied updates) and its test accuracy. */
export interface EvaluationRow {
  readonly version: number;
  readonly test_accuracy: number;
}

/**
 * A cell's accuracy curve, averaged over its seeds so that every point is a mean over all of them: the evaluations
 * every seed made at the same version (every `evalEvery` updates), then the final evaluations, whose versions
 * differ from seed to seed, averaged in both coordinates. Averaging by version alone would draw each seed's
 * final point on its own, a zigzag at the end of the line. Points without a finite accuracy are left out.
 */
export function meanCurve(runs: ReadonlyArray<readonly EvaluationRow[]>): Array<{ updates: number; accuracy: number }> {
  const withRows = runs.filter((rows) => rows.length > 0);
  if (withRows.length === 0) return [];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bodies = withRows.map((rows) => new Map(rows.slice(0, -1).map((r) => [r.version, r.test_accuracy])));
  const shared = [...bodies[0].keys()].filter((v) => bodies.every((b) => b.has(v))).sort((a, b) => a - b);
  const points = shared.map((v) => ({ updates: v, accuracy: mean(bodies.map((b) => b.get(v)!)) }));
  const finals = withRows.map((rows) => rows[rows.length - 1]);
  points.push({ updates: mean(finals.map((r) => r.version)), accuracy: mean(finals.map((r) => r.test_accuracy)) });
  return points.filter((p) => Number.isFinite(p.accuracy));
}
