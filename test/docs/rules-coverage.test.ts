import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { attacks } from '../../src/attacks/registry.js';
import { aggregators } from '../../src/policies/aggregators/registry.js';
import { filters } from '../../src/policies/filters/registry.js';
import { preAggregators } from '../../src/policies/preaggregators/registry.js';

/** The names in the first column of docs/rules.md's checked-against table (a cell may name several). */
function documentedNames(): Set<string> {
  const text = readFileSync('docs/rules.md', 'utf8');
  const start = text.indexOf('# What each rule and attack was checked against');
  assert.ok(start >= 0, 'docs/rules.md has no "What each rule and attack was checked against" section');
  // The section's first table: from its header row to the first line that is not a table row.
  const lines = text.slice(start).split('\n');
  const header = lines.findIndex((l) => l.startsWith('| name |'));
  assert.ok(header >= 0, 'the section has no table with a "name" column');
  const names = new Set<string>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    for (const m of /^\| ([^|]+) \|/.exec(line)![1]!.matchAll(/`([^`]+)`/g)) names.add(m[1]!);
  }
  return names;
}

describe('docs/rules.md says what each rule was checked against', () => {
  it('has a row for every built-in aggregator, filter, pre-aggregation step and attack, and none for a name that does not exist', () => {
    const documented = documentedNames();
    const registered = [aggregators, filters, preAggregators, attacks].flatMap((table) => Object.keys(table));
    assert.deepEqual(registered.filter((name) => !documented.has(name)), [], 'registered but without a row');
    assert.deepEqual([...documented].filter((name) => !registered.includes(name)), [], 'a row for an unknown name');
  });
});

describe('docs/rules.md says where each attack acts', () => {
  it('has a row for every built-in attack in "Where each attack acts", and none for a name that does not exist', () => {
    const text = readFileSync('docs/rules.md', 'utf8');
    const start = text.indexOf('## Where each attack acts');
    assert.ok(start >= 0, 'docs/rules.md has no "Where each attack acts" section');
    const lines = text.slice(start).split('\n');
    const header = lines.findIndex((l) => l.startsWith('| attack |'));
    assert.ok(header >= 0, 'the section has no table with an "attack" column');
    const names = new Set<string>();
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      for (const m of /^\| ([^|]+) \|/.exec(line)![1]!.matchAll(/`([^`]+)`/g)) names.add(m[1]!);
    }
    assert.deepEqual(Object.keys(attacks).filter((name) => !names.has(name)), [], 'registered but without a row');
    assert.deepEqual([...names].filter((name) => !Object.hasOwn(attacks, name)), [], 'a row for an unknown name');
  });
});
