import assert from 'node:assert/strict';
import { loadTf } from '../../src/compute/backend.js';

describe('loadTf', () => {
  it('loads exactly the backend asked for', async () => {
    for (const name of ['cpu', 'wasm'] as const) {
      const { tf, backend } = await loadTf(name);
      assert.equal(backend, name);
      assert.equal(tf.getBackend(), name);
      assert.deepEqual(Array.from(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3]))).dataSync()), [6]);
    }
  });

  it('falls back from tfjs-node to wasm when the native backend is missing', async function () {
    let nativeInstalled = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      nativeInstalled = false;
    }
    if (nativeInstalled) this.skip();
    assert.equal((await loadTf('auto')).backend, 'wasm');
    await assert.rejects(loadTf('tensorflow'), /cannot load tfjs backend 'tensorflow' \(is @tensorflow\/tfjs-node installed/);
  });

  it('returns the same tfjs and switches back to a backend after another was loaded', async () => {
    const a = await loadTf('wasm');
    await loadTf('cpu');
    const b = await loadTf('wasm');
    assert.equal(a.tf, b.tf);
    assert.equal(b.tf.getBackend(), 'wasm');
  });

  it('refuses an unknown backend', async () => {
    await assert.rejects(loadTf('gpu' as 'cpu'), /unknown tfjs backend 'gpu'/);
  });
});
