import assert from 'node:assert/strict';
import { PreconditionError } from '../../../src/core/errors.js';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { createAggregator } from '../../../src/policies/aggregators/registry.js';
import { assertClose, assertUnchanged, snapshot } from './helpers.js';

const v = (...x: number[]) => Float32Array.from(x);

describe('fltrust', () => {
  it('hand-computed: trust ReLU(cos), vectors rescaled to ‖g₀‖, weighted by trust', () => {
    const rows = [v(2, 0), v(0, 3), v(-1, 0), v(1, 1)];
    const reference = v(1, 0);
    const before = snapshot(rows);
    const stats = aggregateStats();
    const out = createAggregator('fltrust').aggregate(rows, undefined, stats, { reference });
    // TS = (1, 0, 0, 1/√2); rescaled rows (1, 0) and (1/√2, 1/√2); Σ TS = 1 + 1/√2.
    const t = Math.SQRT1_2;
    assertClose(out, [(1 + t * t) / (1 + t), (t * t) / (1 + t)]);
    assert.deepEqual(stats.selected, [0, 3]);
    assertUnchanged(rows, before);
    // Scaling g₀ scales the output (every vector is rescaled to ‖g₀‖).
    assertClose(createAggregator('fltrust').aggregate(rows, undefined, undefined, { reference: v(5, 0) }), [...out].map((x) => 5 * x));
  });

  it('outputs the zero vector when no vector has positive trust, and ignores zero vectors', () => {
    const out = createAggregator('fltrust').aggregate([v(-1, 0), v(0, 0), v(0, 2)], undefined, undefined, { reference: v(1, 0) });
    assert.deepEqual([...out], [0, 0]);
  });

  it('a colluding majority pointing against g₀ gets no weight (liveness with many bad senders)', () => {
    const honest = [v(1, 0.1), v(0.9, -0.1)];
    const bad = Array.from({ length: 6 }, () => v(-100, 0));
    const out = createAggregator('fltrust').aggregate([...bad, ...honest], undefined, undefined, { reference: v(1, 0) });
    assert.ok(out[0] > 0.9, `${[...out]}`);
  });

  it('needs a finite reference of the right length', () => {
    const agg = createAggregator('fltrust');
    assert.throws(() => agg.aggregate([v(1, 0)]), /needs a reference vector/);
    assert.throws(() => agg.aggregate([v(1, 0)], undefined, undefined, { reference: v(1) }), /reference has length 1, expected 2/);
    // A missing or wrong-length reference is a bug (RangeError: the run stops); a non-finite one is a failed
    // precondition (the sync server skips the round and counts it), as when every vector is non-finite.
    assert.throws(() => agg.aggregate([v(1, 0)]), RangeError);
    assert.throws(() => agg.aggregate([v(1, 0)], undefined, undefined, { reference: v(NaN, 0) }), (e: unknown) => e instanceof PreconditionError && /policy: expected a finite reference vector/.test(e.message));
    assert.throws(() => createAggregator('fltrust', { validationBatch: 0 }), /policy\.validationBatch/);
  });
});
