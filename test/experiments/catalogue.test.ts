import assert from 'node:assert/strict';
import { attacks } from '../../src/attacks/registry.js';
import { catalogue } from '../../src/experiments/catalogue.js';
import { aggregators } from '../../src/policies/aggregators/registry.js';
import { preAggregators } from '../../src/policies/preaggregators/registry.js';
import { partitions } from '../../src/tasks/partitions/registry.js';

/** The lines of `byzsim list` from the header starting with `title` to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  assert.ok(start >= 0, `no section ${title}`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('byzsim list (catalogue)', () => {
  const text = catalogue();

  it('lists every registered partition, sync rule, pre-aggregator and attack in its section, with a source line', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['DATA PARTITIONS', partitions],
      ['SYNC POLICIES', aggregators],
      ['PRE-AGGREGATORS', preAggregators],
      ['ATTACKS', attacks],
    ];
    for (const [title, registry] of cases) {
      const lines = section(text, title);
      for (const name of Object.keys(registry)) {
        const at = lines.indexOf(`  ${name}`);
        assert.ok(at >= 0, `${title}: ${name}`);
        assert.ok(lines[at + 3]?.startsWith('      '), `${title}: ${name} has a summary, parameters and a source`);
      }
    }
    // The toolbox of non-IID robust learning, by name (a renamed entry would leave its docs behind).
    for (const name of ['dirichlet', 'gamma-similarity', 'extreme']) assert.ok(section(text, 'DATA PARTITIONS').includes(`  ${name}`), name);
    for (const name of ['mda', 'monna', 'caf', 'smea', 'fltrust']) assert.ok(section(text, 'SYNC POLICIES').includes(`  ${name}`), name);
    for (const name of ['nnm', 'bucketing', 'clipping', 'arc']) assert.ok(section(text, 'PRE-AGGREGATORS').includes(`  ${name}`), name);
    for (const name of ['minmax', 'minsum']) assert.ok(section(text, 'ATTACKS').includes(`  ${name}`), name);
  });

  it('says where each attack acts, as the config check decides it', () => {
    const lines = section(text, 'ATTACKS');
    const actsIn = (name: string) => lines[lines.indexOf(`  ${name}`) + 4];
    for (const name of ['minmax', 'minsum', 'alie', 'mimic']) assert.equal(actsIn(name), '      acts in: sync mode with omniscient knowledge only (refused elsewhere)', name);
    assert.equal(actsIn('delay'), '      acts in: async mode only (refused elsewhere)');
    for (const name of ['sign-flip', 'ipm', 'label-flip', 'kardam-flood']) assert.equal(actsIn(name), '      acts in: async and sync mode, either knowledge', name);
    assert.equal(actsIn('none'), '      acts in: nowhere (honest by design)');
  });

  it('shows worker and server momentum with their config fields and sources', () => {
    const lines = section(text, 'MOMENTUM').join('\n');
    assert.match(lines, /^ {2}worker\n.*\n {6}worker=β_w \(0\) {2}workerForm="ema".*"heavy-ball"/m);
    assert.match(lines, /^ {2}server\n.*\n {6}server=β_s \(0\)/m);
    assert.match(lines, /Karimireddy, He, Jaggi.*ICML 2021/);
    assert.match(lines, /El-Mhamdi, Guerraoui, Rouault.*ICLR 2021/);
  });
});
