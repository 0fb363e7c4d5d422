import assert from 'node:assert/strict';
import { registryChanges, snapshot } from './registry-leaks.js';

describe('the registry leak check (root hook)', () => {
  it('names what a file added, removed or replaced in a shared table', () => {
    const before = new Map([['aggregators', new Map<string, unknown>([['mean', 1], ['krum', 2]])]]);
    const after = new Map([['aggregators', new Map<string, unknown>([['mean', 3], ['leaky', 4]])]]);
    assert.equal(registryChanges(before, after), 'aggregators gained "leaky"; aggregators replaced "mean"; aggregators lost "krum"');
    assert.equal(registryChanges(before, before), '');
  });

  it('sees every shared table, and they match between two snapshots taken now (this file leaks nothing)', () => {
    const a = snapshot();
    assert.ok(a.size >= 10 && [...a.values()].every((t) => t.size > 0));
    assert.equal(registryChanges(a, snapshot()), '');
  });
});
