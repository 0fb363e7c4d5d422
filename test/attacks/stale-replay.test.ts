import assert from 'node:assert/strict';
import { staleReplay } from '../../src/attacks/stale-replay.js';
import { craftChecked, ctxAt } from './helpers.js';

/** The honest gradient of (worker w, step t) in these tests: [100w + t, −t]. */
const grad = (w: number, t: number) => Float32Array.from([100 * w + t, -t]);
/** Crafts worker w's step t and returns the plain array sent. */
const send = (attack: ReturnType<typeof staleReplay>, w: number, t: number) => [...craftChecked(attack, grad(w, t), ctxAt(0, t, undefined, w))];

describe('stale-replay', () => {
  it('replays exactly g_{t−lag} once it has that history (hand case, lag 2, every step seen)', () => {
    const a = staleReplay({ lag: 2 });
    // t = 0: only g0 recorded → g0; t = 1: window [−1, 1] holds g0, g1 → oldest g0; then g_{t−2}.
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((t) => send(a, 0, t)), [[0, -0], [0, -0], [0, -0], [1, -1], [2, -2], [3, -3]]);
  });

  it('keeps each worker history apart (interleaved workers 0 and 5, lag 1)', () => {
    const a = staleReplay({ lag: 1 });
    const sent: number[][] = [];
    for (let t = 0; t < 4; t++) sent.push(send(a, 0, t), send(a, 5, t));
    // worker 0 sends g(0, max(0, t − 1)); worker 5 sends g(5, max(0, t − 1)) = [500 + …, …].
    assert.deepEqual(sent, [[0, -0], [500, -0], [0, -0], [500, -0], [1, -1], [501, -1], [2, -2], [502, -2]]);
  });

  it('sends the current gradient before any history, and the oldest recorded one in the window when step − lag was not seen', () => {
    const a = staleReplay({ lag: 3 });
    // Bernoulli-like gaps: craft is called only at steps 7, 9, 12, 13, 17 of worker 2.
    assert.deepEqual(send(a, 2, 7), [207, -7]); //   window [4, 7]: only 7 → current
    assert.deepEqual(send(a, 2, 9), [207, -7]); //   window [6, 9]: 7, 9 → oldest 7
    assert.deepEqual(send(a, 2, 12), [209, -9]); //  window [9, 12]: 9 = 12 − 3 → exact
    assert.deepEqual(send(a, 2, 13), [212, -12]); // window [10, 13]: 12, 13 → oldest 12
    assert.deepEqual(send(a, 2, 17), [217, -17]); // window [14, 17]: only 17 → current (13 is 4 steps old)
  });

  it('records a copy of each honest gradient, so later changes to the caller buffer do not leak', () => {
    const a = staleReplay({ lag: 1 });
    const g = Float32Array.from([1, 2]);
    craftChecked(a, g, ctxAt(0, 0));
    g.fill(9);
    assert.deepEqual([...craftChecked(a, Float32Array.from([3, 4]), ctxAt(0, 1))], [1, 2]);
  });

  it('is deterministic across instances, checks lengths and rejects bad parameters', () => {
    const run = () => {
      const a = staleReplay({ lag: 4 });
      return [0, 1, 3, 4, 8, 9, 10].map((t) => send(a, t % 2, t));
    };
    assert.deepEqual(run(), run());
    const a = staleReplay();
    craftChecked(a, Float32Array.from([1, 2]), ctxAt(0, 0));
    assert.throws(() => a.craft(Float32Array.from([1, 2]), new Float32Array(3), ctxAt(0, 1)), RangeError);
    assert.throws(() => craftChecked(a, Float32Array.from([1, 2, 3]), ctxAt(0, 1)), /worker 0 gradient has length 3, expected 2/);
    assert.throws(() => staleReplay({ lag: 0 }), { name: 'ConfigError' });
    assert.throws(() => staleReplay({ lag: 1.5 }), { name: 'ConfigError' });
    assert.throws(() => staleReplay({ delay: 3 } as never), { name: 'ConfigError' });
  });
});
