import assert from 'node:assert/strict';
import { centeredClipping } from '../../../src/policies/aggregators/centered-clipping.js';
import { followingState } from '../../../src/policies/aggregators/aggregator.js';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { createAggregator } from '../../../src/policies/aggregators/registry.js';
import { X, assertClose, normalRows, stream } from './helpers.js';

describe('centered-clipping', () => {
  it("an attacker's copy (followingState) starts every call from the server's previous aggregate, however often it is called", () => {
    const s = stream(30);
    const rounds = [0, 1, 2].map((k) => normalRows(s, 6, 10, k));
    const server = centeredClipping({ tau: 0.5 });
    for (const r of rounds) server.aggregate(r);
    const copy = followingState(server, centeredClipping({ tau: 0.5 }));
    const probe = normalRows(s, 6, 10, 5);
    const expected = centeredClipping({ tau: 0.5 });
    expected.reset(server.state!.save() as Float32Array);
    const want = [...expected.aggregate(probe)];
    const serverState = [...(server.state!.save() as Float32Array)];
    // A line search calls the copy once per candidate scale: each call must start where the server is.
    for (let trial = 0; trial < 3; trial++) assert.deepEqual([...copy.aggregate(probe)], want, `trial ${trial}`);
    // The server's own state is untouched by the copy's calls.
    assert.deepEqual([...(server.state!.save() as Float32Array)], serverState);
    // Through a pre-aggregation chain too.
    const chained = createAggregator('centered-clipping', { tau: 0.5, pre: [{ name: 'clipping', c: 100 }] });
    for (const r of rounds) chained.aggregate(r);
    const chainCopy = followingState(chained, createAggregator('centered-clipping', { tau: 0.5, pre: [{ name: 'clipping', c: 100 }] }));
    assert.deepEqual([...chainCopy.aggregate(probe)], [...chainCopy.aggregate(probe)]);
    assert.deepEqual([...chainCopy.aggregate(probe)], want);
  });

  it('keeps its output as the next call’s centre (start "previous")', () => {
    const s = stream(22);
    const first = normalRows(s, 6, 20);
    const second = normalRows(s, 6, 20, 3);
    const cc = centeredClipping({ tau: 0.5 });
    const v1 = Float32Array.from(cc.aggregate(first));
    const v2 = cc.aggregate(second);
    const fresh = centeredClipping({ tau: 0.5 });
    fresh.reset(v1);
    assert.deepEqual(fresh.aggregate(second), v2);
    assert.notDeepEqual(centeredClipping({ tau: 0.5 }).aggregate(second), v2);
  });

  it('restarts from 0 every call with start "zero", and after reset()', () => {
    const cc = centeredClipping({ tau: 1, start: 'zero' });
    const a = Float32Array.from(cc.aggregate(X));
    assert.deepEqual(cc.aggregate(X), a);
    const prev = centeredClipping({ tau: 1 });
    prev.aggregate(X);
    prev.reset();
    assert.deepEqual(prev.aggregate(X), a);
  });

  it('is the mean when τ exceeds every distance, and moves at most τ per step from v', () => {
    const rows = normalRows(stream(23), 8, 30);
    assertClose(centeredClipping({ tau: 1e6 }).aggregate(rows), mean().aggregate(rows), 1e-6, 1e-6);
    const out = centeredClipping({ tau: 0.01 }).aggregate(rows);
    assert.ok(Math.hypot(...out) <= 0.01 * (1 + 1e-6));
  });

  it('handles ‖xᵢ − v‖ = 0 (scale 1): vectors equal to the centre leave it in place', () => {
    const v = Float32Array.of(1, 2, 3);
    const cc = centeredClipping({ tau: 1, iterations: 3 });
    cc.reset(v);
    assert.deepEqual(cc.aggregate([v, v, v]), v);
    assert.deepEqual([...centeredClipping({ tau: 1 }).aggregate([new Float32Array(3), new Float32Array(3)])], [0, 0, 0]);
  });

  it('throws when the dimension changes between calls until reset', () => {
    const cc = centeredClipping();
    cc.aggregate(X);
    assert.throws(() => cc.aggregate([Float32Array.of(1, 2)]), /previous aggregate has length 3; call reset\(\) first/);
    cc.reset();
    assert.deepEqual([...cc.aggregate([Float32Array.of(1, 2)])], [1, 2]);
    assert.throws(() => cc.reset(Float32Array.of(NaN)), RangeError);
  });
});
