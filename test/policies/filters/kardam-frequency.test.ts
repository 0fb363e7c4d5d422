import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import type { RunConfigInput } from '../../../src/config/schema.js';
import { simulate } from '../../../src/experiments/simulate.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';
import { kardam } from '../../../src/policies/filters/kardam.js';
import { FrequencyFilter } from '../../../src/policies/filters/kardam-frequency.js';

/** Which of `senders` a frequency filter lets through, when every one of them passes the Lipschitz test. */
function admitted(filter: FrequencyFilter, senders: readonly number[]): number[] {
  const out: number[] = [];
  for (const w of senders) {
    if (filter.admits(w)) {
      filter.record(w);
      out.push(w);
    }
  }
  return out;
}

/**
 * The list form of bacox/Catalyst's `frequency_check` (asyncfl/kardam.py), restated: keep the senders of the last
 * 2f accepted; a sender already holding f of them is refused, otherwise it is appended and the list cut to 2f.
 */
function listForm(f: number, senders: readonly number[]): number[] {
  let history: number[] = [];
  const out: number[] = [];
  for (const w of senders) {
    if (history.filter((h) => h === w).length >= f) continue;
    history = [...history, w].slice(-2 * f);
    out.push(w);
  }
  return out;
}

describe('kardam frequency filter', () => {
  it('admits at most `max` of the last `window` accepted from one worker, the candidate counted (window 4, max 2)', () => {
    // 0, 0 in; a third 0 would hold 3 of 3: out; 1 in; 0 would hold 3 of 4: out; 2 in (ring 0,0,1,2); then 0
    // evicts the oldest 0 and holds 2 of 4 (ring 0,1,2,0): in; the last 0 evicts a 0 again (ring 1,2,0,0): in.
    assert.deepEqual(admitted(new FrequencyFilter(4, 2), [0, 0, 0, 1, 0, 2, 0, 0]), [0, 0, 1, 2, 0, 0]);
  });

  it("Kardam's default (window 2f + 1, max f) refuses a worker already holding f of the last 2f accepted (f = 1, by hand)", () => {
    // 0 in; 0 holds 1 of [0]: out; 1 in; 0 holds 1 of [0, 1]: out; 2 in; 0 holds none of the last two [1, 2]: in.
    assert.deepEqual(admitted(new FrequencyFilter(3, 1), [0, 0, 1, 0, 2, 0]), [0, 1, 2, 0]);
  });

  it('equals the list form of bacox/Catalyst on random sender sequences (f = 1..3, 5 workers)', () => {
    const rng = Rng.root(7).fork('test', 'kardam-frequency').stream(0);
    for (let f = 1; f <= 3; f++) {
      for (let trial = 0; trial < 50; trial++) {
        const senders = Array.from({ length: 40 }, () => rng.int(0, 4));
        assert.deepEqual(admitted(new FrequencyFilter(2 * f + 1, f), senders), listForm(f, senders), `f = ${f}: ${senders.join(',')}`);
      }
    }
  });

  it('in kardam: off by default; on, a flooding worker is held to f of the last 2f + 1 accepted', () => {
    const x = Float32Array.from([1, 0]);
    const ctx = (worker: number): ArrivalContext => ({ validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker, baseParams: x, currentParams: x });
    const g = Float32Array.from([0, 0]);
    const accepts = (filter: ReturnType<typeof kardam>) => {
      const out = new Float32Array(2);
      let n = 0;
      for (let k = 0; k < 10; k++) if (filter.decide(g, ctx(0), out).accepted) n++;
      return n;
    };
    const open = kardam({ f: 2, zeroDistance: 'accept' }, { workers: 7 });
    const guarded = kardam({ f: 2, zeroDistance: 'accept', frequency: true }, { workers: 7 });
    assert.equal(accepts(open), 10);
    assert.equal(accepts(guarded), 2);
    const out = new Float32Array(2);
    assert.equal(guarded.decide(g, ctx(0), out).reason, 'frequency');
  });

  it('is asked only after the Lipschitz test passes: a failing candidate is rejected for its score, a passing one keeps its k', () => {
    // 'java', one dimension. Worker 0's second gradient passes the Lipschitz test (k = 1 = its own recorded
    // coefficient) and is refused by the frequency filter (f = 1), with its k as the score; its third fails the
    // test (k = 4/2 = 2 against a threshold of 1) and is rejected for its score, not its frequency.
    const filter = kardam({ f: 1, frequency: true }, { workers: 4 });
    const v = (x: number) => Float32Array.from([x]);
    const at = (worker: number, base: number, current: number): ArrivalContext => ({
      validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker, baseParams: v(base), currentParams: v(current),
    });
    const out = new Float32Array(1);
    assert.equal(filter.decide(v(0), at(0, 0, 0), out).accepted, true);
    const second = filter.decide(v(1), at(0, 1, 1), out);
    assert.deepEqual([second.accepted, second.reason, second.score], [false, 'frequency', 1]);
    const third = filter.decide(v(4), at(0, 11, 2), out);
    assert.deepEqual([third.accepted, third.reason, third.score], [false, 'score', 2]);
    // A worker holding none of the last 2f accepted passes both.
    assert.equal(filter.decide(v(1), at(1, 1, 1), out).accepted, true);
  });

  it('in a run with a flooding worker: no worker holds more than f of any 2f + 1 consecutive accepted gradients', async () => {
    // Worker 0 sends honest gradients from the newest model as fast as it can ('delay' 'fastest'): without the filter
    // it has nearly every accepted gradient; with it (f = 1), at most 1 of any 3 consecutive ones.
    const config = (frequency: boolean): RunConfigInput => ({
      task: { name: 'linreg', features: 4, samples: 600, validationSize: 50, testSize: 50 }, workers: 4, steps: 200, evalEvery: 100, seed: 3,
      timing: { model: 'latency', compute: { type: 'constant', value: 10 }, network: { type: 'constant', value: 1 } },
      byzantine: { count: 1, attack: { name: 'delay', latency: 'fastest' } },
      policy: { name: 'kardam', f: 1, frequency },
    });
    const most = async (frequency: boolean) => {
      const { records } = await simulate(config(frequency), { threads: 0 });
      const accepted = records.filter((r) => r.decision.accepted).map((r) => r.worker);
      let worst = 0;
      for (let i = 0; i + 3 <= accepted.length; i++) for (const w of accepted.slice(i, i + 3)) worst = Math.max(worst, accepted.slice(i, i + 3).filter((v) => v === w).length);
      return { worst, refused: records.filter((r) => r.decision.reason === 'frequency').length, accepted: accepted.length };
    };
    const [open, guarded] = [await most(false), await most(true)];
    assert.deepEqual([open.worst, open.refused], [3, 0]);
    assert.equal(guarded.worst, 1);
    assert.ok(guarded.refused > 0 && guarded.accepted >= 3, JSON.stringify(guarded));
  });

  it('needs f >= 1 for its default window', () => {
    assert.throws(() => kardam({ frequency: true }, { workers: 7 }), /policy\.frequency: expected f >= 1/);
    assert.doesNotThrow(() => kardam({ frequency: { window: 4, max: 1 } }, { workers: 7 }));
  });
});
