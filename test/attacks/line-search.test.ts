import assert from 'node:assert/strict';
import { ALIE_DEFAULT_GRID, alie } from '../../src/attacks/alie.js';
import type { Attack, AttackContext } from '../../src/attacks/attack.js';
import { IPM_DEFAULT_EPSILON, IPM_DEFAULT_GRID, ipm } from '../../src/attacks/ipm.js';
import { ConfigError } from '../../src/core/errors.js';
import { createAggregator } from '../../src/policies/aggregators/registry.js';
import { craftChecked, ctxAt, noisyVectors } from './helpers.js';

// n = 25 workers, dim 20, common mean + seeded noise; q = 11 Byzantine entries (every other worker from 0).
const d = 20;
const mean = Array.from({ length: d }, (_, j) => 1 + 0.1 * j);
const round = noisyVectors(25, mean, 1, 7);
const roundByzantine = round.map((_, i) => i % 2 === 0 && i < 22);
const honestIdx = round.map((_, i) => i).filter((i) => !roundByzantine[i]);
const muH = mean.map((_, j) => honestIdx.reduce((s, i) => s + round[i][j], 0) / honestIdx.length);

type Defence = NonNullable<AttackContext['defence']>;
const omniCtx = (defence: Defence | undefined, r = round, byz: readonly boolean[] | null = roundByzantine, worker = 0): AttackContext => ({
  ...ctxAt(3, 0, r, worker),
  ...(byz ? { roundByzantine: byz } : {}),
  ...(defence ? { defence } : {}),
});

/** The same round knowledge for a fixed scale: statistics over the honest entries, no defence. */
const fixedCtx: AttackContext = { ...ctxAt(0, 0, round), roundByzantine };

/** ⟨rule(honest entries + q copies of v), μ_H⟩ with a fresh instance of the rule: lower = more damage. */
function damage(rule: () => Defence, v: Float32Array): number {
  const agg = rule().aggregate(round.map((g, i) => (roundByzantine[i] ? v : g)));
  return muH.reduce((s, m, j) => s + agg[j] * m, 0);
}

const krum = () => createAggregator('krum', { f: 11 });
const median = () => createAggregator('median');
const bits = (v: Float32Array) => [...new Uint32Array(v.slice().buffer)];

describe('line-search (optimal) IPM and ALIE', () => {
  it("ipm epsilon 'optimal' vs Krum (f = 11): ⟨Krum, μ_H⟩ < 0 and at least as damaging as every grid ε", () => {
    assert.equal(roundByzantine.filter(Boolean).length, 11);
    const out = craftChecked(ipm({ epsilon: 'optimal' }), round[0], omniCtx(krum()));
    const best = damage(krum, out);
    assert.ok(best < 0, `damage ${best} should be negative`);
    const perGrid = IPM_DEFAULT_GRID.map((epsilon) => damage(krum, craftChecked(ipm({ epsilon }), round[0], fixedCtx)));
    for (const [k, dmg] of perGrid.entries()) assert.ok(best <= dmg, `ε = ${IPM_DEFAULT_GRID[k]}: ${dmg} < optimal ${best}`);
    // The crafted vector is exactly IPM with the first grid ε attaining the minimum.
    const argmin = IPM_DEFAULT_GRID[perGrid.indexOf(Math.min(...perGrid))];
    assert.deepEqual(bits(out), bits(craftChecked(ipm({ epsilon: argmin }), round[0], fixedCtx)));
    assert.ok(argmin > IPM_DEFAULT_EPSILON, `the search should find a larger ε than 0.1 here, got ${argmin}`);
  });

  it("alie z 'optimal' vs the median damages at least as much as z = 'auto'", () => {
    const opt = craftChecked(alie({ z: 'optimal' }), round[0], omniCtx(median()));
    const auto = craftChecked(alie({ byzantine: 11 }), round[0], fixedCtx);
    assert.ok(damage(median, opt) <= damage(median, auto), `${damage(median, opt)} > auto ${damage(median, auto)}`);
    for (const z of ALIE_DEFAULT_GRID) {
      assert.ok(damage(median, opt) <= damage(median, craftChecked(alie({ z }), round[0], fixedCtx)), `z = ${z}`);
    }
  });

  it('searches with a custom grid; ties go to the smaller scale (grid order does not matter)', () => {
    const flat: Defence = { aggregate: (xs) => new Float32Array(xs[0].length) }; // damage 0 for every scale
    assertSameBits(ipm({ epsilon: 'optimal', grid: [2, 0.5, 1] }), ipm({ epsilon: 0.5 }), omniCtx(flat));
    assertSameBits(alie({ z: 'optimal', grid: [3, -1, 0.5] }), alie({ z: -1 }), omniCtx(flat));
    // A one-point grid is that scale.
    assertSameBits(ipm({ epsilon: 'optimal', grid: [7] }), ipm({ epsilon: 7 }), omniCtx(krum()));
  });

  it('is deterministic, searches once per round (|grid| aggregate calls) and gives every Byzantine worker the same vector', () => {
    let calls = 0;
    const rule = median();
    const counting: Defence = { aggregate: (xs) => (calls++, rule.aggregate(xs)) };
    for (const attack of [ipm({ epsilon: 'optimal' }), alie({ z: 'optimal' })]) {
      calls = 0;
      const grid = attack.name === 'ipm' ? IPM_DEFAULT_GRID : ALIE_DEFAULT_GRID;
      const byzantine = round.filter((_, i) => roundByzantine[i]);
      const outs = byzantine.map((g, w) => bits(craftChecked(attack, g, omniCtx(counting, round, roundByzantine, w))));
      assert.equal(calls, grid.length);
      for (const o of outs) assert.deepEqual(o, outs[0]);
      // A new round (fresh arrays, same contents) searches again and finds the same; a fresh attack agrees.
      assert.deepEqual(bits(craftChecked(attack, round[0], omniCtx(counting, round.map((g) => g.slice()), [...roundByzantine]))), outs[0]);
      assert.equal(calls, 2 * grid.length);
      const fresh = attack.name === 'ipm' ? ipm({ epsilon: 'optimal' }) : alie({ z: 'optimal' });
      assert.deepEqual(bits(craftChecked(fresh, round[0], omniCtx(median()))), outs[0]);
    }
  });

  it('never mutates the round, roundByzantine or the grid', () => {
    const grid = [0.1, 1, 10];
    const byz = [...roundByzantine];
    craftChecked(ipm({ epsilon: 'optimal', grid }), round[0], omniCtx(krum(), round, byz));
    craftChecked(alie({ z: 'optimal', grid }), round[0], omniCtx(median(), round, byz));
    assert.deepEqual(byz, roundByzantine);
    assert.deepEqual(grid, [0.1, 1, 10]);
  });

  it("falls back to the default scale without a defence or honest entries (ipm: ε = 0.1; alie: z = 'auto')", () => {
    // Sync mode without a defence (a Zeno server), and async mode (no round).
    assertSameBits(ipm({ epsilon: 'optimal' }), ipm(), omniCtx(undefined));
    assertSameBits(ipm({ epsilon: 'optimal' }), ipm(), ctxAt(0, 0));
    assertSameBits(alie({ z: 'optimal' }), alie({ byzantine: 11 }), omniCtx(undefined)); // m = count(roundByzantine)
    assertSameBits(alie({ z: 'optimal', byzantine: 8, workers: 20 }), alie({ byzantine: 8, workers: 20 }), omniCtx(undefined));
    assertSameBits(alie({ z: 'optimal' }), alie({ byzantine: 11 }), ctxAt(0, 0)); // async: g_own
    // Every entry Byzantine: μ_H is undefined, no search.
    const allByz = round.map(() => true);
    assertSameBits(ipm({ epsilon: 'optimal' }), ipm(), omniCtx(krum(), round, allByz));
    // ALIE with neither byzantine nor roundByzantine cannot compute z_max.
    assert.throws(() => alie({ z: 'optimal' }).craft(round[0], new Float32Array(d), omniCtx(undefined, round, null)), {
      name: 'ConfigError',
      message: /^byzantine\.attack\.byzantine: z = 'auto' needs m/,
    });
    // roundByzantine of the wrong length is a programming error.
    assert.throws(() => ipm({ epsilon: 'optimal' }).craft(round[0], new Float32Array(d), omniCtx(krum(), round, [true])), RangeError);
  });

  it('validates the parameters', () => {
    assert.throws(() => ipm({ grid: [1] }), { message: "byzantine.attack.grid: grid is used only with epsilon = 'optimal', got epsilon = 0.1" });
    assert.throws(() => alie({ z: 1, grid: [1] }), { message: "byzantine.attack.grid: grid is used only with z = 'optimal', got z = 1" });
    assert.throws(() => ipm({ epsilon: 'optimal', grid: [0.1, 0] }), ConfigError);
    assert.throws(() => ipm({ epsilon: 'optimal', grid: [] }), ConfigError);
    assert.throws(() => alie({ z: 'optimal', grid: [] }), ConfigError);
    assert.throws(() => ipm({ epsilon: 'best' as never }), ConfigError);
    assert.doesNotThrow(() => alie({ z: 'optimal' })); // byzantine is optional with 'optimal'
  });
});

function assertSameBits(a: Attack, b: Attack, ctx: AttackContext): void {
  assert.deepEqual(bits(craftChecked(a, round[0], ctx)), bits(craftChecked(b, round[0], ctx)));
}
