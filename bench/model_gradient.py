"""One MLP gradient (784-128-10, ReLU, mean softmax cross-entropy) on MNIST batches of 32 in numpy, float32.

Reads what bench/model-gradient.ts writes into a folder (x.f32 [reps, 32, 784], y.i32 [reps, 32], params.f32 in
byzsim's flat layout W0 [784, 128], b0, W1 [128, 10], b1) and prints the median milliseconds per gradient. Run with OPENBLAS_NUM_THREADS=1 (numpy's threads are erratic here).
"""
import sys
import time

import numpy as np


def gradient(W0, b0, W1, b1, x, y):
    h = np.maximum(x @ W0 + b0, 0)
    z = h @ W1 + b1
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.log(p[np.arange(n), y]).mean()
    dz = p
    dz[np.arange(n), y] -= 1
    dz /= n
    dW1 = h.T @ dz
    db1 = dz.sum(axis=0)
    dh = (dz @ W1.T) * (h > 0)
    dW0 = x.T @ dh
    db0 = dh.sum(axis=0)
    return loss, dW0, db0, dW1, db1


def main():
    folder, reps = sys.argv[1], int(sys.argv[2])
    xs = np.fromfile(f'{folder}/x.f32', dtype=np.float32).reshape(reps, 32, 784)
    ys = np.fromfile(f'{folder}/y.i32', dtype=np.int32).reshape(reps, 32)
    p = np.fromfile(f'{folder}/params.f32', dtype=np.float32)
    W0 = p[:784 * 128].reshape(784, 128)
    b0 = p[784 * 128:785 * 128]
    W1 = p[785 * 128:785 * 128 + 1280].reshape(128, 10)
    b1 = p[785 * 128 + 1280:]
    for k in range(min(20, len(xs))):
        gradient(W0, b0, W1, b1, xs[k], ys[k])
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for k in range(len(xs)):
            gradient(W0, b0, W1, b1, xs[k], ys[k])
        times.append((time.perf_counter() - t) * 1000 / len(xs))
    times.sort()
    print(f'{times[len(times) // 2]:.3f}')


main()
