import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import type { ArrivalContext, AsyncFilter, Decision } from '../../../src/policies/filters/filter.js';
import { JAVA_QUANTILE } from '../../../src/policies/filters/kardam-java.js';
import { ScalarWindow } from '../../../src/policies/filters/kardam-window.js';
import { WorkerLipschitz } from '../../../src/policies/filters/kardam-worker-lipschitz.js';
import { ZENO_BASELINE_SENTINEL } from '../../../src/policies/filters/kardam-zeno-baseline.js';
import { percentile } from '../../../src/policies/filters/percentile.js';
import { kardam, kardamParams, kardamSettings, type KardamOptions } from '../../../src/policies/filters/kardam.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

/** A decision with what was written to `out` (NaN-filled beforehand, so an untouched `out` reads as NaNs). */
type Outcome = Decision & { out: number[] };

/**
 * A minimal server (no weight decay): versioned models, x ← x − lr·d on acceptance. Every call checks that the
 * filter mutated none of its inputs. With `recycle`, the candidate and both models are passed in buffers that
 * are overwritten on every arrival, as the real server recycles them, so a filter that kept references
 * instead of copies would see its past vectors change.
 */
class Server {
  readonly history: Float32Array[];
  private readonly bufs: Float32Array[];

  constructor(
    readonly filter: AsyncFilter,
    x0: ArrayLike<number>,
    readonly lr = 1,
    readonly recycle = false,
  ) {
    this.history = [Float32Array.from(x0)];
    this.bufs = [0, 1, 2].map(() => new Float32Array(x0.length));
  }

  get latest(): number {
    return this.history.length - 1;
  }

  arrive(g: ArrayLike<number>, version: number, worker = 0): Outcome {
    const x = this.history[this.latest];
    let [cand, base, current]: Float32Array[] = [Float32Array.from(g), this.history[version], x];
    if (this.recycle) {
      [cand, base, current] = [this.bufs[0].fill(NaN), this.bufs[1].fill(NaN), this.bufs[2].fill(NaN)];
      cand.set(g);
      base.set(this.history[version]);
      current.set(x);
    }
    const before = [[...cand], [...base], [...current]];
    const ctx: ArrivalContext = { validation: undefined, lr: this.lr, initialLr: this.lr, staleness: this.latest - version, worker, baseParams: base, currentParams: current };
    const out = new Float32Array(x.length).fill(NaN);
    const d = this.filter.decide(cand, ctx, out);
    assert.deepEqual([[...cand], [...base], [...current]], before, 'the filter mutated an input');
    if (d.accepted) this.history.push(x.map((xi, i) => xi - this.lr * out[i]));
    return { ...d, out: [...out] };
  }
}

const scoreOf = (o: Outcome) => o.score;
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} is not within ${tol} of ${b}`);

function assertAccepted(o: Outcome, score: number, g: number[]): void {
  assert.equal(o.accepted, true, `expected an acceptance, got ${JSON.stringify(o)}`);
  if (Number.isNaN(score)) assert.ok(Number.isNaN(o.score), `expected score NaN, got ${o.score}`);
  else close(o.score, score);
  assert.deepEqual(o.out, g.map(Math.fround));
}

function assertRejected(o: Outcome, score: number): void {
  assert.equal(o.accepted, false, `expected a rejection, got ${JSON.stringify(o)}`);
  assert.equal(o.reason, 'score');
  if (Number.isNaN(score)) assert.ok(Number.isNaN(o.score), `expected score NaN, got ${o.score}`);
  else close(o.score, score);
  assert.ok(o.out.every(Number.isNaN), 'a rejection wrote out');
}

describe('kardam', () => {
  describe('parameters', () => {
    it('refuses f ≥ n/3 with the rule of the precondition, n and f', () => {
      assert.equal(configMessage(() => kardam({ f: 4 }, { workers: 10 })), 'policy.f: expected f < n/3 (n = 10), got 4');
      assert.equal(configMessage(() => kardam({ f: 1 }, { workers: 3 })), 'policy.f: expected f < n/3 (n = 3), got 1');
      assert.equal(kardam({ f: 3 }, { workers: 10 }).name, 'kardam'); // 9 < 10
      assert.equal(kardam().name, 'kardam'); // f = 0, n = 1
    });

    it('names the field, the value and the expectation for bad parameters', () => {
      assert.equal(configMessage(() => kardam({ variant: 'pdf' as 'paper' })), 'policy.variant: expected one of "paper" | "java" | "zeno-baseline", got "pdf"');
      assert.equal(configMessage(() => kardam({ f: 1.5 })), 'policy.f: expected an integer, got 1.5');
      assert.equal(configMessage(() => kardam({ window: 0 })), 'policy.window: expected a number >= 1, got 0');
      assert.equal(configMessage(() => kardam({ window: 'big' as 'auto' })), 'policy.window: expected an integer >= 1 or "auto", got "big"');
      assert.equal(configMessage(() => kardam({ quantile: 0 })), 'policy.quantile: expected a number > 0, got 0');
      assert.equal(configMessage(() => kardam({ slack: -1 })), 'policy.slack: expected a number > 0, got -1');
      assert.equal(configMessage(() => kardam({ alpha: -0.1 })), 'policy.alpha: expected a number >= 0, got -0.1');
      assert.equal(configMessage(() => kardam({ percentile: 'lower' as 'linear' })), 'policy.percentile: expected one of "auto" | "linear" | "legacy" | "nearest-rank", got "lower"');
      assert.equal(
        configMessage(() => kardam({ variant: 'zeno-baseline', percentile: 'nearest-rank' })),
        'policy.percentile: expected "auto", "linear" or "legacy" for variant "zeno-baseline" (its table holds accepted candidates\' k, not one value per worker, so the rank argument of "nearest-rank" does not hold), got "nearest-rank"',
      );
      assert.match(configMessage(() => kardam({ frequencyFilter: true } as KardamOptions)), /^policy\.frequencyFilter: unknown parameter \(expected one of: variant, f, window, .*\), got true$/);
    });

    it("resolves 'auto' to each variant's own values (n = 10, f = 3)", () => {
      const resolve = (o: KardamOptions) => kardamSettings(kardamParams.parse(o), 10);
      assert.deepEqual(resolve({ f: 3, variant: 'paper' }), { n: 10, window: 1, quantile: 0.7, percentile: 'linear', slack: 1, zeroDistance: 'current', eviction: 'oldest' });
      assert.deepEqual(resolve({ f: 3 }), resolve({ f: 3, variant: 'java' }), "'java' is the default");
      assert.deepEqual(resolve({ f: 3, variant: 'java' }), { n: 10, window: 26, quantile: JAVA_QUANTILE, percentile: 'legacy', slack: 1, zeroDistance: 'reject', eviction: 'smallest' });
      assert.deepEqual(resolve({ f: 3, variant: 'zeno-baseline' }), { n: 10, window: 20, quantile: 0.7, percentile: 'linear', slack: 1.1, zeroDistance: 'reject', eviction: 'oldest' });
      assert.deepEqual(
        resolve({ f: 3, variant: 'java', window: 5, quantile: 0.5, percentile: 'linear', slack: 2, zeroDistance: 'accept', eviction: 'oldest' }),
        { n: 10, window: 5, quantile: 0.5, percentile: 'linear', slack: 2, zeroDistance: 'accept', eviction: 'oldest' },
      );
      assert.equal(JAVA_QUANTILE, 0.6666666666666667); // (200/3)/100, one ulp above 2/3
      // 'nearest-rank' replaces the definition only: the level stays the variant's.
      assert.deepEqual(resolve({ f: 3, variant: 'paper', percentile: 'nearest-rank' }), { ...resolve({ f: 3, variant: 'paper' }), percentile: 'nearest-rank' });
      assert.deepEqual(resolve({ f: 3, variant: 'java', percentile: 'nearest-rank' }), { ...resolve({ f: 3, variant: 'java' }), percentile: 'nearest-rank' });
    });

    it("'nearest-rank' at the default level never lifts the threshold above the largest honest coefficient (at most f Byzantine of n)", () => {
      // Random full tables (one value per worker, as 'paper' and 'java' hold once every worker has one): n − f honest
      // values in [0, 10), f Byzantine ones anywhere in [0, 1e6) or equal to an honest one, at random workers. The
      // threshold comes from the resolved settings (level and definition) and the same percentile() the rules call.
      const rng = Rng.root(3).fork('test', 'kardam-nearest-rank').stream(0);
      let linearAbove = 0;
      let cases = 0;
      for (let trial = 0; trial < 3000; trial++) {
        const n = rng.int(1, 41);
        const f = rng.int(0, Math.ceil(n / 3)); // f < n/3
        if (!(3 * f < n)) continue;
        const byzantine = new Set<number>();
        while (byzantine.size < f) byzantine.add(rng.int(0, n));
        const table = new Float64Array(n);
        for (let w = 0; w < n; w++) if (!byzantine.has(w)) table[w] = 10 * rng.float();
        let maxHonest = -Infinity;
        for (let w = 0; w < n; w++) if (!byzantine.has(w)) maxHonest = Math.max(maxHonest, table[w]);
        for (const w of byzantine) table[w] = rng.float() < 0.2 ? maxHonest : 1e6 * rng.float();
        for (const variant of ['paper', 'java'] as const) {
          const s = kardamSettings(kardamParams.parse({ variant, f, percentile: 'nearest-rank' }), n);
          const bar = percentile(table, s.quantile, s.percentile);
          assert.ok(bar <= maxHonest, `${variant}, n = ${n}, f = ${f}: threshold ${bar} > largest honest ${maxHonest}`);
          const linear = kardamSettings(kardamParams.parse({ variant, f }), n);
          if (percentile(table, linear.quantile, linear.percentile) > maxHonest) linearAbove++;
          cases++;
        }
        // 'paper': exactly the (n − f)-th smallest value.
        const sorted = Float64Array.from(table).sort();
        assert.equal(percentile(table, kardamSettings(kardamParams.parse({ variant: 'paper', f, percentile: 'nearest-rank' }), n).quantile, 'nearest-rank'), sorted[n - f - 1]);
      }
      // The check has teeth: the interpolating defaults do exceed the largest honest value on such tables.
      assert.ok(linearAbove > cases / 10, `the default definitions exceeded it in ${linearAbove} of ${cases} cases`);
    });

    it('needs no validation gradient', () => {
      const k = kardam();
      assert.equal(k.refreshEvery, 0);
      assert.equal(k.validationBatch, 0);
    });
  });

  describe("variant 'paper': k against the last accepted pair, threshold from every arrival's per-worker coefficient", () => {
    // n = 4, f = 1 → q = 0.75 (linear) over each worker's latest coefficient; 1-D model, lr = 1, v0 = 0.
    const make = (o: KardamOptions = {}) => new Server(kardam({ variant: 'paper', f: 1, ...o }, { workers: 4 }), [0]);
    function warm(s: Server): void {
      assertAccepted(s.arrive([1], 0, 0), NaN, [1]); // nothing to compare with; prev = (1, x 0); v1 = −1
      assertAccepted(s.arrive([1], 0, 1), NaN, [1]); // no coefficient yet (first from w0 and w1) → accept; prev = (1, x 0, applied −1); v2 = −2
      // w0 on v1: lip₀ = |2 − 1|/|−1 − 0| = 1; k = |2 − 1|/|−1 − 0| = 1 ≤ P.75{1} = 1 → accept; v3 = −4
      assertAccepted(s.arrive([2], 1, 0), 1, [2]);
      // w1 on v2: lip₁ = |5 − 1|/|−2 − 0| = 2 (recorded before the check); k = |5 − 2|/|−2 − (−1)| = 3 > P.75{1, 2} = 1.75 → reject
      assertRejected(s.arrive([5], 2, 1), 3);
    }

    it("records every arrival's coefficient, rejected ones too, before the check", () => {
      const s = make();
      warm(s);
      // w2 on v3: k = |6.5 − 2|/|−4 − (−1)| = 1.5 ≤ 1.75, a threshold lifted by the rejected arrival's lip₁ = 2
      // (a table of accepted gradients only would hold {1} and reject it: the old form of this variant).
      assertAccepted(s.arrive([6.5], 3, 2), 1.5, [6.5]);
    });

    it("defines a zero model distance as the template's check does ('current'), or rejects or accepts it", () => {
      for (const zeroDistance of ['auto', 'current', 'reject', 'accept'] as const) {
        const s = make({ zeroDistance });
        warm(s);
        s.arrive([6.5], 3, 2); // prev = (6.5, x −4, applied −4); v4 = −10.5
        // w3 on v3 = −4, the model the last accepted gradient was computed on: ‖x_base − x_prev‖ = 0.
        const o = s.arrive([13], 3, 3);
        // 'current': k = |13 − 6.5|/|x_current − x_applied| = 6.5/|−10.5 − (−4)| = 1 ≤ 1.75 → accept
        if (zeroDistance === 'auto' || zeroDistance === 'current') assertAccepted(o, 1, [13]);
        else if (zeroDistance === 'reject') assertRejected(o, NaN);
        else assertAccepted(o, NaN, [13]);
      }
      assert.equal(configMessage(() => kardam({ variant: 'java', zeroDistance: 'current' })), 'policy.zeroDistance: expected "reject" or "accept" for variant "java" ("current" is the \'paper\' variant\'s), got "current"');
    });

    /**
     * n = 4, f = 1, 1-D contexts by hand (the model values are the bases the workers computed on); worker 3 sends g,
     * or −10·g when flipping. Each worker's first gradient, on x = 0, has no coefficient yet and is accepted (the
     * last accepted pair is then (0, x 0)); then the five arrivals whose decisions are returned:
     *   w0 g 1 on x 1: lip₀ = 1, k = |1 − 0|/|1 − 0| = 1 (accepted under both estimators: the pair is now (1, x 1));
     *   w1 g 4 on x 2: lip₁ = 2, k = |4 − 1|/|2 − 1| = 3;   w2 g 9 on x 3: lip₂ = 3, k = 8/2 = 4;
     *   w3 g −6 on x 4: lip₃ = 1.5, k = 7/3 (flipped, 60: lip₃ = 15, k = 59/3);
     *   w1 again on x 2 (its model unchanged: no new coefficient), g 6: k = |6 − 1|/|2 − 1| = 5, above every honest
     *   coefficient (at most 3).
     */
    function signFlipScenario(options: Parameters<typeof kardam>[0], flip: boolean): Decision[] {
      const filter = kardam(options, { workers: 4 });
      const send = (worker: number, g: number, base: number) => {
        const x = f32(base);
        return filter.decide(f32(worker === 3 && flip ? -10 * g : g), { validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker, baseParams: x, currentParams: x }, new Float32Array(1));
      };
      for (const w of [0, 1, 2, 3]) assert.equal(send(w, 0, 0).accepted, true);
      return [send(0, 1, 1), send(1, 4, 2), send(2, 9, 3), send(3, -6, 4), send(1, 6, 2)];
    }

    it("counts a Byzantine worker's coefficient in the threshold, so a worker sign-flipping ×10 lets through an honest candidate rejected without it", () => {
      // P.75 (linear) of the workers' latest coefficients: {1} → 1, {1, 2} → 1.75, {1, 2, 3} → 2.5,
      // {1, 1.5, 2, 3} → 2 + 0.25·(3 − 2) = 2.25; flipped {1, 2, 3, 15} → 3 + 0.25·(15 − 3) = 6. So the last
      // candidate (k = 5) is rejected against 2.25 and accepted against the 6 that w3's 15 lifts it to.
      const honest = signFlipScenario({ variant: 'paper', f: 1 }, false);
      const flipped = signFlipScenario({ variant: 'paper', f: 1 }, true);
      assert.deepEqual(honest.map((d) => d.accepted), [true, false, false, false, false]);
      assert.deepEqual(flipped.map((d) => d.accepted), [true, false, false, false, true]);
      for (const [d, k] of [[honest[3], 7 / 3], [flipped[3], 59 / 3], [honest[4], 5], [flipped[4], 5]] as const) close(d.score, k);
    });

    it("with percentile 'nearest-rank' takes the (n − f)-th smallest coefficient, so the sign-flipper no longer lets that candidate through", () => {
      // Rank ⌈0.75·N⌉, no interpolation: {1} → 1, {1, 2} → 2, {1, 2, 3} → 3, {1, 1.5, 2, 3} → 2 (linear 2.25);
      // flipped {1, 2, 3, 15} → 3, the largest honest value (linear 6). So k = 5 is rejected both times.
      const options = { variant: 'paper', f: 1, percentile: 'nearest-rank' } as const;
      const honest = signFlipScenario(options, false);
      const flipped = signFlipScenario(options, true);
      assert.deepEqual(honest.map((d) => d.accepted), [true, false, false, false, false]);
      assert.deepEqual(flipped.map((d) => d.accepted), [true, false, false, false, false]);
      for (const [d, k] of [[honest[1], 3], [honest[2], 4], [flipped[3], 59 / 3], [honest[4], 5], [flipped[4], 5]] as const) close(d.score, k);
    });

    it("with percentile 'nearest-rank' accepts k equal to the order statistic and rejects just above it", () => {
      // n = 4, f = 1, the table built as above (no flip): {1, 1.5, 2, 3} → threshold 2 (the 3rd smallest; linear 2.25).
      for (const [g, accepted] of [[3, true], [3.001, false]] as const) {
        const filter = kardam({ variant: 'paper', f: 1, percentile: 'nearest-rank' }, { workers: 4 });
        const send = (worker: number, g: number, base: number) => {
          const x = f32(base);
          return filter.decide(f32(g), { validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker, baseParams: x, currentParams: x }, new Float32Array(1));
        };
        for (const w of [0, 1, 2, 3]) send(w, 0, 0);
        send(0, 1, 1); // lip₀ = 1, accepted: the pair is (1, x 1)
        send(1, 4, 2); // lip₁ = 2, rejected
        send(2, 9, 3); // lip₂ = 3, rejected
        send(3, -6, 4); // lip₃ = 1.5, rejected
        // w1 on x = 2 again (no new coefficient): k = |g − 1|/|2 − 1| = 2 or 2.001 against the 3rd smallest of {1, 1.5, 2, 3}, 2.
        const o = send(1, g, 2);
        assert.equal(o.accepted, accepted, `g = ${g}`);
        close(o.score, g - 1);
      }
    });

    it('accepts most honest gradients on drifting noise, where the accepted-only table accepted ~2%', () => {
      // f(x) = ‖x‖² with noisy gradients 2x + N(0, 1), 10 workers, random staleness 0..4: no attack.
      const rng = Rng.root(8).fork('test', 'kardam-noise').stream(0);
      const s = new Server(kardam({ variant: 'paper', f: 3 }, { workers: 10 }), Array.from({ length: 16 }, () => 3 * rng.normal()), 0.05);
      let accepted = 0;
      for (let t = 0; t < 400; t++) {
        const version = Math.max(0, s.latest - rng.int(0, 4));
        const g = s.history[version].map((x) => 2 * x + rng.normal());
        if (s.arrive(g, version, t % 10).accepted) accepted++;
      }
      assert.ok(accepted > 0.3 * 400, `${accepted} of 400 honest gradients accepted`);
    });

    it('applies Λ(τ)·g with dampening and leaves out untouched on rejection', () => {
      const ctx = (x: Float32Array, staleness = 0): ArrivalContext => ({ validation: undefined, lr: 1, initialLr: 1, staleness, worker: 0, baseParams: x, currentParams: x });
      const filter = kardam({ variant: 'paper', dampening: 'exponential', alpha: 0.5 });
      const out = new Float32Array(2).fill(NaN);
      // τ = 2, α = 0.5: Λ = exp(−1)
      assert.equal(filter.decide(f32(1, -2), ctx(f32(0, 0), 2), out).accepted, true);
      assert.deepEqual([...out], [Math.fround(Math.exp(-1)), Math.fround(-2 * Math.exp(-1))]);
      const inverse = kardam({ variant: 'paper', dampening: 'inverse' });
      inverse.decide(f32(1, -2), ctx(f32(0, 0), 3), out);
      assert.deepEqual([...out], [0.25, -0.5]); // 1/(3 + 1)
    });
  });

  describe("variant 'zeno-baseline': the Zeno++ code's Kardam", () => {
    // n = 2, f = 0 → q = 1 (the maximum); window 2; slack 1.1; 1-D model, lr = 1. v0 = 10.
    const make = (o: KardamOptions = {}) => new Server(kardam({ variant: 'zeno-baseline', window: 2, ...o }, { workers: 2 }), [10]);
    function warm(s: Server): void {
      assertAccepted(s.arrive([1], 0), NaN, [1]); // warm-up 1/2: K = {S}; g₋₁ = 1; x₋₂ = 10; v1 = 9
      assertAccepted(s.arrive([2], 0), NaN, [2]); // warm-up 2/2 (τ = 1): K = {S, S}; g₋₂ = 1, g₋₁ = 2; x₋₂ = 9; v2 = 7
    }

    it('accepts the first n untested, then tests stale (g₋₁, x_latest) and fresh (g₋₂, x₋₂) candidates', () => {
      const s = make();
      warm(s);
      // v1 (x = 9), τ = 1: k = |3 − g₋₁|/|9 − x_latest| = 1/2 = 0.5 ≤ 1.1·S → accept; K = {0.5, S}; v3 = 4
      assertAccepted(s.arrive([3], 1), 0.5, [3]);
      // v3 (x = 4), τ = 0: k = |3.5 − g₋₂|/|x_latest − x₋₂| = |3.5 − 2|/|4 − 7| = 0.5 → accept; K = {0.5, 0.5}; v4 = 0.5
      assertAccepted(s.arrive([3.5], 3), 0.5, [3.5]);
      // v3, τ = 1, sign-flipped ×10: k = |−35 − 3.5|/|4 − 0.5| = 38.5/3.5 = 11 > 1.1·0.5 → reject
      assertRejected(s.arrive([-35], 3), 11);
      // v3, τ = 1: k = |5.4 − 3.5|/3.5 = 0.5429 ≤ 0.55 → accept
      assertAccepted(s.arrive([5.4], 3), 1.9 / 3.5, [5.4]);
    });

    it('accepts k equal to the threshold (≤), and the slack decides a near miss', () => {
      const exact = make({ slack: 1 });
      warm(exact);
      exact.arrive([3], 1);
      exact.arrive([3.5], 3);
      assertAccepted(exact.arrive([5.25], 3), 0.5, [5.25]); // k = 1.75/3.5 = 0.5 = P₁{0.5, 0.5}
      const strict = make({ slack: 1 });
      warm(strict);
      strict.arrive([3], 1);
      strict.arrive([3.5], 3);
      assertRejected(strict.arrive([5.4], 3), 1.9 / 3.5); // 0.5429 > 0.5 without the 1.1
    });

    it('lets the sentinels inflate the threshold until they age out (faithful to the code)', () => {
      const s = make();
      warm(s);
      // K = {S, S}: k = |1000 − 2|/|9 − 7| = 499 ≤ 1.1·99999 → accepted
      assert.equal(ZENO_BASELINE_SENTINEL, 99999);
      assertAccepted(s.arrive([1000], 1), 499, [1000]);
    });

    it('defines a zero model distance (a ZeroDivisionError in the code)', () => {
      for (const zeroDistance of ['reject', 'accept'] as const) {
        const s = make({ zeroDistance });
        s.arrive([1], 0); // v1 = 9
        s.arrive([0], 0); // a zero step: v2 = 9
        // v1 (x = 9), τ = 1: ‖x_base − x_latest‖ = |9 − 9| = 0
        const o = s.arrive([3], 1);
        if (zeroDistance === 'reject') assertRejected(o, NaN);
        else assertAccepted(o, NaN, [3]);
      }
    });
  });

  describe("variant 'java': the authors' template", () => {
    // n = 3, f = 0; level (200/3)/100, commons-math LEGACY; per-worker lists; 1-D model, lr = 1, v0 = 0.
    const make = (o: KardamOptions = {}) => new Server(kardam({ variant: 'java', ...o }, { workers: 3 }), [0]);
    function warm(s: Server): void {
      assertAccepted(s.arrive([1], 0, 0), NaN, [1]); // empty table → accept; g_acc = 1, x_acc = 0; v1 = −1
      assertAccepted(s.arrive([1], 0, 1), NaN, [1]); // still empty (first from w1); x_acc = −1; v2 = −2
      assertAccepted(s.arrive([1], 0, 2), NaN, [1]); // x_acc = −2; v3 = −3
      // w0 on v1 (−1): lip₀ = |2 − 1|/|−1 − 0| = 1; threshold P{1} = 1; k = |2 − 1|/|−3 − (−2)| = 1 ≤ 1 → accept; v4 = −5
      assertAccepted(s.arrive([2], 1, 0), 1, [2]);
      // w1 on v2 (−2): lip₁ = |5 − 1|/|−2 − 0| = 2; P{1, 2}: pos = 0.667·3 = 2 ≥ N → 2; k = |5 − 2|/|−5 − (−3)| = 1.5 → accept; v5 = −10
      assertAccepted(s.arrive([5], 2, 1), 1.5, [5]);
      // w2 on v1 (−1): lip₂ = |5 − 1|/|−1 − 0| = 4; k = |5 − 5|/|−10 − (−5)| = 0 → accept; v6 = −15
      assertAccepted(s.arrive([5], 1, 2), 0, [5]);
    }

    it('checks against the LEGACY (200/3)-th percentile of per-worker maxima', () => {
      const s = make();
      warm(s);
      // w0 on v1 again: model difference 0 → sample skipped, table stays {1, 2, 4};
      // LEGACY: pos = 0.667·4 = 2.667 → 2 + 0.667·(4 − 2) = 3.333; k = |−10 − 5|/|−15 − (−10)| = 3 → accept
      assertAccepted(s.arrive([-10], 1, 0), 3, [-10]);
    });

    it('with the linear definition rejects the same candidate, and accepts the one after n consecutive rejects', () => {
      const s = make({ percentile: 'linear' });
      warm(s);
      // linear: h = 0.667·2 = 1.333 → 2 + 0.333·(4 − 2) = 2.667 < 3 → reject (1, 2, 3 in a row), then the escape hatch
      assertRejected(s.arrive([-10], 1, 0), 3);
      assertRejected(s.arrive([-10], 1, 0), 3);
      assertRejected(s.arrive([-10], 1, 0), 3);
      assertAccepted(s.arrive([-10], 1, 0), 3, [-10]);
    });

    it("with percentile 'nearest-rank' checks against the ⌈q·N⌉-th smallest maximum, q = (200/3)/100", () => {
      const s = make({ percentile: 'nearest-rank' });
      warm(s);
      // table {1, 2, 4}: q·N = 3·0.6666666666666667 = 2 → the 2nd smallest, 2 (LEGACY 3.333, linear 2.667); k = 3 > 2 → reject
      assertRejected(s.arrive([-10], 1, 0), 3);
    });

    it('defines a zero step (the template divides by 0 and rejects)', () => {
      for (const zeroDistance of ['reject', 'accept'] as const) {
        const s = make({ zeroDistance });
        s.arrive([1], 0, 0); // empty → accept; v1 = −1
        s.arrive([2], 1, 0); // lip₀ = 1; k = |2 − 1|/|−1 − 0| = 1 ≤ 1 → accept; v2 = −3
        s.arrive([0], 2, 1); // k = |0 − 2|/|−3 − (−1)| = 1 → accept a zero gradient: v3 = −3, x_acc = −3
        const o = s.arrive([5], 3, 2); // ‖x_current − x_acc‖ = 0
        if (zeroDistance === 'reject') assertRejected(o, NaN);
        else assertAccepted(o, NaN, [5]);
      }
    });

    it('throws for a worker id outside the n it was built for (a wiring bug)', () => {
      const s = make();
      assert.throws(() => s.arrive([1], 0, 3), /worker 3 is not one of the 3 workers/);
    });
  });

  describe('on a smooth quadratic f(x) = ‖x‖² (∇f = 2x), n = 4, f = 1, worker 3 sign-flipping ×10 after 16 arrivals', () => {
    /**
     * Synchronous arrivals (each on the latest model), lr = 0.1, so an accepted honest step is x ← 0.8x.
     * Honest k: 'paper' ‖2x − 2x′‖/‖x − x′‖ = 2 exactly; 'java' also 2; 'zeno-baseline' (τ = 0, two back)
     * 2·(1 + 0.8)/0.8 = 4.5. A flipped −20x with x = 0.8x′ against 2x′ gives ‖−16x′ − 2x′‖/‖0.2x′‖ = 90 for 'paper'
     * and 'java', far above any threshold (the flipper's own lips, ~20–25, lift the 'java' threshold only to ~10).
     */
    function runQuadratic(variant: 'paper' | 'java' | 'zeno-baseline', recycle = false) {
      const rng = Rng.root(5).fork('test', 'kardam-quadratic').stream(0);
      const s = new Server(kardam({ variant, f: 1 }, { workers: 4 }), Array.from({ length: 8 }, () => rng.normal()), 0.1, recycle);
      const log: Array<{ byzantine: boolean; outcome: Outcome }> = [];
      for (let t = 0; t < 64; t++) {
        const worker = t % 4;
        const byzantine = worker === 3 && t >= 16;
        const g = s.history[s.latest].map((x) => (byzantine ? -10 : 1) * 2 * x);
        log.push({ byzantine, outcome: s.arrive(g, s.latest, worker) });
      }
      return { log, final: [...s.history[s.latest]] };
    }

    for (const variant of ['paper', 'java', 'zeno-baseline'] as const) {
      it(`${variant}: rejects every flipped gradient once warm and accepts every honest one`, () => {
        const { log } = runQuadratic(variant);
        for (const [t, { byzantine, outcome }] of log.entries()) {
          if (byzantine) {
            assert.equal(outcome.accepted, false, `t=${t}: flipped gradient accepted (k = ${outcome.score})`);
            assert.equal(outcome.reason, 'score');
            assert.ok(outcome.score > 5, `t=${t}: k = ${outcome.score}`);
          } else {
            assert.equal(outcome.accepted, true, `t=${t}: honest gradient rejected (k = ${outcome.score})`);
          }
        }
        const honestK = log.filter((e) => !e.byzantine && !Number.isNaN(e.outcome.score)).map((e) => scoreOf(e.outcome));
        assert.ok(honestK.length > 30); // warm-up arrivals have no k (score NaN)
        for (const k of honestK) close(k, variant === 'zeno-baseline' ? 4.5 : 2, 1e-5);
      });

      it(`${variant}: is deterministic and keeps its own copies (recycled input buffers change nothing)`, () => {
        const a = runQuadratic(variant);
        const b = runQuadratic(variant);
        const c = runQuadratic(variant, true);
        const summary = (r: typeof a) => JSON.stringify({ d: r.log.map((e) => [e.outcome.accepted, e.outcome.score, e.outcome.reason]), x: r.final });
        assert.equal(summary(a), summary(b));
        assert.equal(summary(a), summary(c));
      });
    }
  });

  describe('malformed candidates and wiring', () => {
    it('rejects non-finite or wrong-length candidates without touching its state', () => {
      const ctx = (x: number): ArrivalContext => ({ validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker: 0, baseParams: f32(x, 0), currentParams: f32(x, 0) });
      const clean = kardam({ variant: 'paper', window: 1 });
      const dirty = kardam({ variant: 'paper', window: 1 });
      const out = new Float32Array(2);
      for (const [g, x] of [[[1, 0], 0], [[2, 0], 1], [[3, 0], 2]] as const) {
        assert.deepEqual(dirty.decide(f32(NaN, 0), ctx(x), out), { accepted: false, score: NaN, reason: 'non-finite' });
        assert.deepEqual(dirty.decide(f32(1), ctx(x), out), { accepted: false, score: NaN, reason: 'wrong-length' });
        assert.deepEqual(dirty.decide(f32(...g), ctx(x), out), clean.decide(f32(...g), ctx(x), out));
      }
    });

    it('throws if the dimension changes after the first candidate', () => {
      const k = kardam();
      const ctx = (d: number): ArrivalContext => ({ validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker: 0, baseParams: new Float32Array(d), currentParams: new Float32Array(d) });
      k.decide(f32(1, 2), ctx(2), new Float32Array(2));
      assert.throws(() => k.decide(f32(1, 2, 3), ctx(3), new Float32Array(3)), /length 3, but the filter was sized for 2/);
    });
  });

  describe('its table window', () => {
    it('keeps the last `capacity` values, NaN in empty slots, and their maximum', () => {
      const w = new ScalarWindow(3);
      assert.ok(Number.isNaN(w.max()));
      w.push(5);
      w.push(1);
      assert.equal(w.size, 2);
      assert.equal(w.full, false);
      assert.deepEqual([...w.values], [5, 1, NaN]);
      w.push(2);
      w.push(0); // overwrites 5
      assert.equal(w.full, true);
      assert.deepEqual([...w.values], [0, 1, 2]);
      assert.equal(w.max(), 2);
      assert.throws(() => w.push(NaN), /expected a finite value/);
      assert.throws(() => new ScalarWindow(0), /capacity >= 1/);
    });

    it("with eviction 'smallest' drops the smallest value, as the template's sort + remove(0) does, so the maximum never drops", () => {
      const w = new ScalarWindow(3, 'smallest');
      for (const x of [5, 1, 2]) w.push(x);
      w.push(0); // drops 1, keeps 5 (FIFO would drop 5)
      assert.deepEqual([...w.values].sort(), [0, 2, 5]);
      w.push(3); // drops 0
      assert.deepEqual([...w.values].sort(), [2, 3, 5]);
      assert.equal(w.max(), 5);
    });
  });

  describe("'java' eviction (the template's Filtering.java sorts each list in place, so remove(0) drops the smallest)", () => {
    it("a worker's maximum is its running maximum with 'smallest' and the last window's with 'oldest'", () => {
      const rng = Rng.root(9).fork('test', 'kardam-eviction').stream(0);
      for (const eviction of ['smallest', 'oldest'] as const) {
        const lips = new WorkerLipschitz(1, 4, eviction);
        const recorded: number[] = [];
        for (let t = 0; t < 40; t++) {
          // Drifting scale: coefficients trend down, so FIFO forgets the early large ones.
          const lip = lips.record(0, f32((40 - t) * (1 + rng.float()) * (t % 2 ? 1 : -1)), f32(t));
          if (!Number.isNaN(lip)) recorded.push(lip);
          if (recorded.length === 0) continue;
          const expected = eviction === 'smallest' ? Math.max(...recorded) : Math.max(...recorded.slice(-4));
          assert.equal(lips.maxima[0], expected, `${eviction}, t = ${t}`);
        }
      }
    });

    it("defaults to 'smallest' for 'java', and the two evictions decide differently on drifting noise", () => {
      const run = (eviction: 'smallest' | 'oldest') => {
        const rng = Rng.root(10).fork('test', 'kardam-drift').stream(0);
        const s = new Server(kardam({ variant: 'java', f: 3, window: 4, eviction }, { workers: 10 }), Array.from({ length: 8 }, () => 3 * rng.normal()), 0.05);
        return Array.from({ length: 300 }, (_, t) => {
          const version = Math.max(0, s.latest - rng.int(0, 3));
          return s.arrive(s.history[version].map((x) => 2 * x + rng.normal() / (1 + t / 50)), version, t % 10).accepted;
        });
      };
      const smallest = run('smallest');
      const oldest = run('oldest');
      assert.ok(smallest.some((a, t) => a !== oldest[t]), 'the evictions should differ somewhere');
      assert.equal(kardamSettings(kardamParams.parse({}), 10).eviction, 'smallest');
    });
  });
});
