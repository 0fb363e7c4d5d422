import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { aggregators } from '../../src/policies/aggregators/registry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = (args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8' });

describe('benchmarks still run (smoke: tiny inputs, no NumPy)', () => {
  it('the aggregator benchmark times every registered rule', function () {
    this.timeout(120_000);
    const out = tsx(['bench/aggregators.ts', '--smoke']);
    for (const name of Object.keys(aggregators)) {
      const row = new RegExp(`^\\| ${name} \\| ([0-9.]+) \\(`, 'm').exec(out);
      assert.ok(row, `no timed row for ${name} in:\n${out}`);
      assert.ok(Number.isFinite(Number(row[1])), `${name}: ${row[1]}`);
    }
  });

  it('the Zeno++ benchmark runs and profiles a short run', function () {
    this.timeout(120_000);
    const out = tsx(['bench/run.ts', '--no-numpy', '--arrivals', '60', '--profile']);
    assert.match(out, /^\| 1 \| [0-9.]+ \(/m);
    assert.match(out, /WebAssembly kernels [0-9.]+ %, main thread outside the kernels \(JavaScript, GC, V8\) [0-9.]+ %/);
  });
});
