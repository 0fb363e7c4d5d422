import assert from 'node:assert/strict';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';
import { paramCount, paramLayout } from '../../src/tasks/layout.js';
import { paramView, paramViews } from '../../src/tasks/param-views.js';

describe('paramViews', () => {
  const mlp = taskSpecOf(resolveConfig({ task: { name: 'mnist-mlp', hidden: [16] } }));
  const flat = Float32Array.from({ length: paramCount(mlp) }, (_, i) => i);

  it("shows the first layer's weights as a 784 × 16 matrix over the same memory, row-major", () => {
    const { W0, b0 } = paramViews(flat, mlp);
    assert.deepEqual(W0!.shape, [784, 16]);
    assert.equal(W0!.data, flat); // zero-copy: the view's data is the vector itself
    assert.equal(W0!.get(2, 3), 2 * 16 + 3);
    assert.deepEqual(b0!.shape, [16]);
    assert.equal(b0!.get(0), 784 * 16);
    W0!.set(783, 15, -1);
    assert.equal(flat[784 * 16 - 1], -1);
  });

  it('covers every parameter exactly once, block after block', () => {
    const views = paramViews(flat, mlp);
    const blocks = paramLayout(mlp);
    assert.deepEqual(Object.keys(views), blocks.map((b) => b.name));
    assert.equal(Object.values(views).reduce((n, v) => n + v.size, 0), flat.length);
    for (const b of blocks) assert.equal(views[b.name]!.offset, b.offset);
  });

  it('refuses a vector of the wrong length or a block outside it', () => {
    assert.throws(() => paramViews(new Float32Array(10), mlp), /mnist-mlp has 12730 parameters, got a vector of length 10/);
    assert.throws(() => paramView(new Float32Array(4), { name: 'W9', shape: [2, 3], offset: 0, size: 6 }), RangeError);
  });
});
