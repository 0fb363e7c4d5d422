"""A plain NumPy loop of the Zeno++ benchmark experiment, for bench/run.ts (which calls it; not part of the tests).

Usage: python3 zeno.py MNIST_DIGITS_DIR arrivals
The same experiment as byzsim's run, written the straightforward NumPy way (not bit-identical to it: its own
random draws): MNIST (the `mnist` package's 10,000 digits; 2,000 test, 500 validation, the rest split over 10
workers), MLP 784-128-10 with ReLU and softmax cross-entropy, batch 32, lr 0.1; arrivals from the workers in
turn, each computed on a model drawn uniformly from the last 11 versions (bounded staleness 10); each gradient
Byzantine with probability 6/10 and then sign-flipped and scaled by 10; Zeno++ (rho 0.001, epsilon 0, validation
gradient on 64 validation samples refreshed every 10 arrivals, c = |v|/|g|); an accepted candidate is an SGD
step; a test evaluation (2,000 digits: mean cross-entropy loss and accuracy) of the initial model, every 100
versions and at the end, which are the evaluations byzsim makes (its own draws accept a few more candidates, so it
makes a few more steps and evaluations). Prints JSON: loop wall and CPU seconds (data loading excluded), accepted
count, evaluations, final test accuracy.
"""
import json
import os
import sys
import time

import numpy as np

digits_dir, arrivals = sys.argv[1], int(sys.argv[2])
xs, ys = [], []
for d in range(10):
    with open(os.path.join(digits_dir, f'{d}.json')) as fh:
        data = np.array(json.load(fh)['data'], dtype=np.float32).reshape(-1, 784)
    xs.append(data)
    ys.append(np.full(len(data), d))
X = np.concatenate(xs)
Y = np.concatenate(ys)

rng = np.random.default_rng(1)
perm = rng.permutation(len(X))
test, val, train = perm[:2000], perm[2000:2500], perm[2500:]
shards = np.array_split(rng.permutation(train), 10)
workers, lr, rho, batch, refresh, max_delay, eval_every = 10, 0.1, 0.001, 32, 10, 10, 100

sizes = [(784, 128), (128,), (128, 10), (10,)]
dim = sum(int(np.prod(s)) for s in sizes)


def views(flat):
    out, at = [], 0
    for s in sizes:
        n = int(np.prod(s))
        out.append(flat[at:at + n].reshape(s))
        at += n
    return out


x0 = np.zeros(dim, dtype=np.float32)
W1, b1, W2, b2 = views(x0)
W1[:] = rng.normal(0, np.sqrt(2 / 784), W1.shape)
W2[:] = rng.normal(0, np.sqrt(2 / 128), W2.shape)


def gradient(params, idx, out):
    W1, b1, W2, b2 = views(params)
    gW1, gb1, gW2, gb2 = views(out)
    x = X[idx]
    h = x @ W1 + b1
    a = np.maximum(h, 0)
    o = a @ W2 + b2
    o -= o.max(axis=1, keepdims=True)
    p = np.exp(o)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(idx)), Y[idx]] -= 1
    p /= len(idx)
    gW2[:] = a.T @ p
    gb2[:] = p.sum(axis=0)
    da = (p @ W2.T) * (h > 0)
    gW1[:] = x.T @ da
    gb1[:] = da.sum(axis=0)


evaluations = 0


def evaluate(params):
    global evaluations
    evaluations += 1
    W1, b1, W2, b2 = views(params)
    o = np.maximum(X[test] @ W1 + b1, 0) @ W2 + b2
    z = o - o.max(axis=1, keepdims=True)
    loss = float((np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(test)), Y[test]]).mean())
    return float((o.argmax(axis=1) == Y[test]).mean()), loss


start = time.perf_counter()
cpu = time.process_time()
history = [x0]
g = np.empty(dim, dtype=np.float32)
v = np.empty(dim, dtype=np.float32)
cursor = [0] * workers
order = [rng.permutation(s) for s in shards]
accepted = 0
evaluate(x0)
for t in range(arrivals):
    if t % refresh == 0:
        gradient(history[-1], rng.choice(val, 64, replace=False), v)
    w = t % workers
    s = order[w]
    if cursor[w] + batch > len(s):
        order[w], cursor[w] = rng.permutation(shards[w]), 0
        s = order[w]
    idx = s[cursor[w]:cursor[w] + batch]
    cursor[w] += batch
    base = history[-1 - rng.integers(0, len(history))]
    gradient(base, idx, g)
    if rng.random() < 0.6:
        g *= -10
    gg, vv, gv = float(np.dot(g, g)), float(np.dot(v, v)), float(np.dot(g, v))
    if gg == 0 or vv == 0:
        continue
    c = np.sqrt(vv) / np.sqrt(gg)
    if lr * c * gv - rho * c * c * gg >= 0:
        history.append(history[-1] - np.float32(lr * c) * g)
        history = history[-(max_delay + 1):]
        accepted += 1
        if accepted % eval_every == 0:
            evaluate(history[-1])
accuracy, _ = evaluate(history[-1])
print(json.dumps({'seconds': time.perf_counter() - start, 'cpu': time.process_time() - cpu, 'accepted': accepted, 'evaluations': evaluations, 'accuracy': accuracy}))
