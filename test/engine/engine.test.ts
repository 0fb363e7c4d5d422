import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { Engine, ENGINE_WASM, engineBuild } from '../../src/engine/engine.js';
import { simulate } from '../../src/experiments/simulate.js';

describe('engine', () => {
  it('hands out zeroed, 16-byte-aligned blocks and reuses freed ones (zeroed again)', () => {
    const e = new Engine();
    const a = e.float32(5);
    assert.equal(e.ptrOf(a) % 16, 0);
    a.fill(7);
    e.release(a);
    const b = e.float32(5);
    assert.equal(e.ptrOf(b), e.ptrOf(a));
    assert.deepEqual([...b], [0, 0, 0, 0, 0]);
  });

  it('keeps every view valid when the memory grows', () => {
    const e = new Engine();
    const first = e.float32(4);
    first.set([1, 2, 3, 4]);
    const big = e.float32(8_000_000); // 32 MB: several growths
    big[big.length - 1] = 5;
    assert.deepEqual([...first], [1, 2, 3, 4]);
    assert.ok(e.ptrOf(first) >= 0 && e.ptrOf(big) >= 0);
    assert.equal(e.k.squaredNorm(e.ptrOf(first), 4), 30);
  });

  it('gives shared views that a worker thread can be handed without copying', () => {
    const e = new Engine();
    assert.ok(e.float32(3).buffer instanceof SharedArrayBuffer);
  });

  it('refuses to release an array it does not own', () => {
    assert.throws(() => new Engine().release(new Float32Array(3)), /does not live in this engine/);
  });

  it('is built from its current sources (no stale module)', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'byzsim-engine-'));
    try {
      const out = join(dir, 'engine.wasm');
      const root = fileURLToPath(new URL('../../', import.meta.url));
      execFileSync(process.execPath, [join(root, 'node_modules/assemblyscript/bin/asc.js'), '--config', 'asconfig.json', '--outFile', out], { cwd: root, stdio: 'pipe' });
      assert.ok(readFileSync(out).equals(readFileSync(ENGINE_WASM)), "src/engine/engine.wasm differs from a fresh build of assembly/: run 'npm run build:engine'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names its build by the SHA-256 of the module, and summary.json records it', async () => {
    const expected = createHash('sha256').update(readFileSync(ENGINE_WASM)).digest('hex').slice(0, 16);
    assert.equal(engineBuild(), expected);
    const { summary } = await simulate({ task: { name: 'linreg', samples: 300, validationSize: 50, testSize: 50 }, workers: 2, steps: 4, evalEvery: 4 }, { threads: 0 });
    assert.equal(summary.engine, expected);
  });
});
