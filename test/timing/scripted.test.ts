import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/resolve.js';
import { simulate } from '../../src/experiments/simulate.js';
import { parseAsyncScript, parseSyncScript, scripted } from '../../src/timing/scripted.js';

const ms = (t: number) => t * 1000;

describe('scripted timing', function () {
  this.timeout(60_000);

  it('parses marble lines into pull/push steps (a group shares one tick)', () => {
    const { value, issues } = parseAsyncScript(['p--(ap)--a', '-p----b', 'p-h']);
    assert.deepEqual(issues, []);
    assert.deepEqual(value, [
      { worker: 0, pull: 0, push: 3 },
      { worker: 0, pull: 3, push: 6 },
      { worker: 1, pull: 1, push: 6, byzantine: true },
      { worker: 2, pull: 0, push: 2, byzantine: false },
    ]);
    assert.deepEqual(parseSyncScript(['a|--a', '-b|a']).value, [
      [{ delay: 1, exact: true }, { delay: 2, exact: true, byzantine: true }],
      [{ delay: 3, exact: true }, { delay: 1, exact: true }],
    ]);
  });

  it('a script that cannot happen is a config error naming the worker and the tick', () => {
    const bad = (script: string[], extra = {}) => () => resolveConfig({ task: 'linreg', workers: script.length, steps: 1, timing: { model: 'scripted', script }, ...extra });
    assert.throws(bad(['--a']), /timing\.script\[0\]: worker 0 pushes at tick 2 with no pull before it/);
    assert.throws(bad(['pa', 'p-p-a']), /timing\.script\[1\]: worker 1 pulls at tick 2 before pushing the gradient it pulled at tick 0/);
    assert.throws(bad(['pa', 'p--']), /timing\.script\[1\]: worker 1 pulls at tick 0 but never pushes/);
    assert.throws(bad(['p.a']), /timing\.script\[0\]: unexpected "\." at character 1 \(tick 1\)/);
    assert.throws(bad(['(pa)']), /timing\.script\[0\]: worker 0 pushes at tick 0 the gradient it pulled at tick 0; a push arrives at least one tick after its pull/);
    assert.throws(bad(['pa', 'p--a(pb)']), /timing\.script\[1\]: worker 1 pushes at tick 4 the gradient it pulled at tick 4/);
    assert.throws(bad(['pa'], { steps: 5 }), /timing\.script: the script has 1 pushes; set "steps" to at most that \(got 5\)/);
    assert.throws(bad(['pa', 'pa'], { workers: 3 }), /timing\.script: expected one line per worker \(3\), got 2/);
    assert.throws(
      () => resolveConfig({ task: 'linreg', workers: 2, steps: 2, timing: { model: 'scripted', events: [{ worker: 0, pull: 0, push: 4 }, { worker: 0, pull: 2, push: 5 }] } }),
      /timing\.events\[1\]: worker 0 pulls at tick 2 before its push of tick 4 has arrived/,
    );
  });

  it('the example in the catalogue (byzsim list) is a valid script', () => {
    const example = JSON.parse(/^(\{.*?\})\s{3}/.exec(scripted.usage)![1]!) as { script: string[] };
    const config = resolveConfig({ task: 'linreg', workers: example.script.length, steps: parseAsyncScript(example.script).value.length, timing: example });
    assert.equal(config.timing.model, 'scripted');
  });

  it('async: each pull reads the latest model at its tick, pushes arrive at theirs, and staleness follows', async () => {
    const { records } = await simulate(
      { task: 'linreg', workers: 2, steps: 3, byzantine: { count: 0 }, timing: { model: 'scripted', script: ['p--(ap)--a', '-p----b'] } },
      { threads: 0 },
    );
    assert.deepEqual(
      records.map((r) => [r.time, r.worker, r.pulledAt, r.version, r.staleness, r.byzantine]),
      [
        [ms(3), 0, ms(0), 0, 0, false],
        // worker 0 re-pulled at tick 3, after arrival 0 had been applied: version 1.
        [ms(6), 0, ms(3), 1, 0, false],
        [ms(6), 1, ms(1), 0, 2, true],
      ],
    );
  });

  it('the list form gives the same run as the marble form, and a timing attack does not move scripted pushes', async () => {
    // kardam-flood also acts on the timing ('fastest'), which scripted pushes ignore; `delay`, which acts only there, is refused.
    const base = { task: 'linreg', workers: 2, steps: 3, byzantine: { count: 2, attack: { name: 'kardam-flood', scale: 2 } } } as const;
    await assert.rejects(
      simulate({ ...base, byzantine: { count: 2, attack: { name: 'delay', latency: 'slowest', factor: 5 } }, timing: { model: 'scripted', script: ['p--(ap)--a', '-p----b'] } }, { threads: 0 }),
      { name: 'ConfigError', message: /^byzantine\.attack\.name: "delay" acts only on its workers' timing/ },
    );
    const marble = await simulate({ ...base, timing: { model: 'scripted', script: ['p--(ap)--a', '-p----b'] } }, { threads: 0 });
    const list = await simulate(
      { ...base, timing: { model: 'scripted', events: [{ worker: 0, pull: 0, push: 3 }, { worker: 0, pull: 3, push: 6 }, { worker: 1, pull: 1, push: 6, byzantine: true }] } },
      { threads: 0 },
    );
    assert.equal(list.summary.traceHash, marble.summary.traceHash);
    assert.deepEqual(marble.records.map((r) => r.time), [ms(3), ms(6), ms(6)]);
  });

  it('sync: per round, a push arrives at its position in the round; b fixes a Byzantine push', async () => {
    const { records } = await simulate(
      { task: 'linreg', workers: 2, steps: 2, mode: 'sync', policy: { name: 'mean' }, byzantine: { count: 0 }, timing: { model: 'scripted', script: ['a|--a', '-b|a'] } },
      { threads: 0 },
    );
    assert.deepEqual(
      records.map((r) => [r.time, r.worker, r.byzantine, r.pulledAt]),
      [
        [ms(2), 0, false, 0],
        [ms(2), 1, true, 0],
        [ms(5), 0, false, ms(2)],
        [ms(5), 1, false, ms(2)],
      ],
    );
  });
});
