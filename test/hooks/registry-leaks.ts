/**
 * A mocha root hook that fails the run when a test file leaves a shared registry changed (a rule, attack,
 * timing model, task, pre-aggregator or partition registered on a module-level table or on `defaultRegistries` and
 * not removed). Such a leak makes the suite depend on file order: a later file sees the extra name (a registry
 * listing test fails, or a name is "already registered"). Tests that need a custom name register it on their
 * own `new Registries()` instead. Each file is checked when the first test of the next file starts (and the last
 * after the run); the leaks are reported together by a failing root `afterAll`, naming each file and what it
 * changed, so the other files still run.
 */
import { attacks } from '../../src/attacks/registry.js';
import { defaultRegistries } from '../../src/config/registries.js';
import { aggregators } from '../../src/policies/aggregators/registry.js';
import { filters } from '../../src/policies/filters/registry.js';
import { preAggregators } from '../../src/policies/preaggregators/registry.js';
import { partitions } from '../../src/tasks/partitions/registry.js';
import { tasks } from '../../src/tasks/registry.js';
import { timings } from '../../src/timing/registry.js';

type Table = Readonly<Record<string, unknown>>;

/** Every shared table, by a name for the message. */
const tables: ReadonlyArray<[string, () => Table]> = [
  ['aggregators', () => aggregators],
  ['filters', () => filters],
  ['attacks', () => attacks],
  ['timings', () => timings],
  ['pre-aggregators', () => preAggregators],
  ['partitions', () => partitions],
  ['tasks', () => tasks],
  ['defaultRegistries.aggregators', () => defaultRegistries.aggregators],
  ['defaultRegistries.filters', () => defaultRegistries.filters],
  ['defaultRegistries.attacks', () => defaultRegistries.attacks],
  ['defaultRegistries.timings', () => defaultRegistries.timings],
  ['defaultRegistries.tasks', () => defaultRegistries.tasks],
];

/** Each table's entries (name → the entry object), so a replaced entry counts as a change too. */
export function snapshot(): Map<string, Map<string, unknown>> {
  return new Map(tables.map(([name, table]) => [name, new Map(Object.entries(table()))]));
}

/** What differs between two snapshots, or '' when nothing does. */
export function registryChanges(before: Map<string, Map<string, unknown>>, after: Map<string, Map<string, unknown>>): string {
  const changes: string[] = [];
  for (const [name, was] of before) {
    const now = after.get(name)!;
    for (const key of now.keys()) if (!was.has(key)) changes.push(`${name} gained "${key}"`);
    for (const [key, entry] of was) {
      if (!now.has(key)) changes.push(`${name} lost "${key}"`);
      else if (now.get(key) !== entry) changes.push(`${name} replaced "${key}"`);
    }
  }
  return changes.join('; ');
}

let baseline = snapshot();
let lastFile: string | undefined;
const leaks: string[] = [];

/** Records what `file` changed since the previous check (each leak is reported once). */
function check(file: string): void {
  const now = snapshot();
  const changes = registryChanges(baseline, now);
  baseline = now;
  if (changes) leaks.push(`${file}: ${changes}`);
}

export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    const file = this.currentTest?.file;
    if (file === lastFile) return;
    const previous = lastFile;
    lastFile = file;
    if (previous !== undefined) check(previous);
  },
  // Reported once at the end, so a leak fails the run without cutting the other files short.
  afterAll(): void {
    if (lastFile !== undefined) check(lastFile);
    if (leaks.length > 0) throw new Error(`test files left the shared registries changed (register on a new Registries() or undo it in an after() hook):\n${leaks.join('\n')}`);
  },
};
