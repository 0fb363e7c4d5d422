import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';
import { createFilter, filters } from '../../../src/policies/filters/registry.js';

/** Seeded candidates of every awkward kind: plain, huge, tiny, a duplicate of the previous one, zero, NaN, ±Inf. */
function* candidates(seed: number, dim: number, count: number): Generator<Float32Array> {
  const s = Rng.root(seed).stream();
  let previous = new Float32Array(dim);
  for (let k = 0; k < count; k++) {
    const kind = s.int(0, 6);
    const g = new Float32Array(dim);
    for (let i = 0; i < dim; i++) g[i] = s.normal();
    if (kind === 1) g.forEach((v, i) => (g[i] = v * 1e30));
    if (kind === 2) g.forEach((v, i) => (g[i] = v * 1e-30));
    if (kind === 3) g.set(previous);
    if (kind === 4) g.fill(0);
    if (kind === 5) g[s.int(0, dim - 1)] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][s.int(0, 2)];
    previous = g;
    yield g;
  }
}

describe('every async filter under fuzzed input', () => {
  const dim = 6;
  const params: Record<string, Record<string, unknown>> = { 'zeno++': { validationBatch: 1 }, kardam: { f: 1 }, buffered: { size: 3, aggregator: { name: 'median' } }, 'server-only': { refreshEvery: 3 } };
  for (const name of Object.keys(filters)) {
    it(`${name}: decisions are well formed, applied directions finite, inputs never mutated`, () => {
      const filter = createFilter(name, params[name] ?? {}, 'policy', { workers: 4 });
      const s = Rng.root(7).stream();
      const models = Array.from({ length: 5 }, (_, v) => Float32Array.from({ length: dim }, (_, i) => v + i * 0.1));
      const validation = Float32Array.from({ length: dim }, () => s.normal());
      let k = 0;
      for (const g of candidates(3, dim, 300)) {
        const before = g.slice();
        const latest = Math.min(4, 1 + (k >> 6));
        const staleness = s.int(0, latest);
        const ctx: ArrivalContext = {
          validation,
          lr: 0.1,
          initialLr: 0.1,
          staleness,
          worker: k % 4,
          baseParams: models[latest - staleness],
          currentParams: models[latest],
        };
        const out = new Float32Array(dim).fill(7);
        const d = filter.decide(g, ctx, out);
        assert.equal(typeof d.accepted, 'boolean');
        if (!d.accepted) assert.ok(d.reason, 'a rejection has a reason');
        const steps = (d.accepted && !d.deferred) || d.serverStep === true;
        if (steps) assert.ok(out.every(Number.isFinite), `${name} applied a non-finite direction at candidate ${k}`);
        else assert.ok(out.every((v) => v === 7), 'out untouched without a step');
        if (![...g].every(Number.isFinite)) assert.equal(d.accepted, false);
        assert.deepEqual([...g], [...before]);
        k++;
      }
    });
  }
});
