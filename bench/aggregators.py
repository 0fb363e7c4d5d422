"""NumPy loop of every aggregator, for bench/aggregators.ts (which calls it; not part of the tests).

Usage: python3 aggregators.py ROWS.f32 n d f reps warm iters
Reads n float32 rows of length d (row-major, little-endian) written by bench/aggregators.ts, runs each rule the
plain NumPy way (same definitions as byzsim: f = b for the trimmed mean, Krum with n - f - 2 neighbours,
Multi-Krum averaging n - f, Bulyan with recursive Krum and beta = n - 4f, Meamed with n - f values, geometric
median by `iters` Weiszfeld steps from the mean, centered clipping with tau = 100 and one step from 0), and
prints a JSON object: rule -> median ms over `reps` calls after `warm` untimed ones. Pairwise distances use
the direct form sum((x_i - x_j)^2) like byzsim; "krum (Gram form)" is the faster BLAS form that cancels for
close vectors, for information.
"""
import json
import sys
import time

import numpy as np

path, n, d, f, reps, warm, iters = sys.argv[1], *map(int, sys.argv[2:8])
X = np.fromfile(path, dtype='<f4').reshape(n, d)


def pairwise(X):
    m = len(X)
    D = np.zeros((m, m))
    for i in range(m - 1):
        diff = X[i + 1:] - X[i]
        D[i, i + 1:] = np.einsum('ij,ij->i', diff, diff)
    return D + D.T


def gram(X):
    sq = np.einsum('ij,ij->i', X, X).astype(np.float64)
    return np.maximum(sq[:, None] + sq[None, :] - 2 * (X @ X.T), 0)


def scores(D, pool, k):
    sub = D[np.ix_(pool, pool)]
    return np.sort(sub + np.diag(np.full(len(pool), np.inf)), axis=1)[:, :k].sum(axis=1)


def krum(X, dist=pairwise):
    D = dist(X)
    return X[np.argmin(scores(D, np.arange(n), n - f - 2))]


def multi_krum(X):
    D = pairwise(X)
    best = np.argsort(scores(D, np.arange(n), n - f - 2), kind='stable')[: n - f]
    return X[np.sort(best)].mean(axis=0, dtype=np.float64)


def around_median(S, k):
    S = np.sort(S, axis=0)
    med = np.median(S, axis=0)
    idx = np.argsort(np.abs(S - med), axis=0, kind='stable')[:k]
    return np.take_along_axis(S, idx, axis=0).mean(axis=0, dtype=np.float64)


def bulyan(X):
    D = pairwise(X)
    pool = list(range(n))
    chosen = []
    while len(chosen) < n - 2 * f:
        p = len(pool)
        k = min(max(1, p - f - 2), p - 1)
        chosen.append(pool.pop(int(np.argmin(scores(D, np.array(pool), k)))))
    return around_median(X[sorted(chosen)], n - 4 * f)


def geometric_median(X):
    z = X.mean(axis=0, dtype=np.float64)
    for _ in range(iters):
        w = 1 / np.maximum(1e-6, np.sqrt(((X - z) ** 2).sum(axis=1)))
        z = (w @ X) / w.sum()
    return z


def centered_clipping(X):
    v = np.zeros(d)
    diff = X - v
    r = np.sqrt((diff ** 2).sum(axis=1))
    s = np.minimum(1, 100 / np.maximum(r, 1e-300))
    return v + (s @ diff) / n


rules = {
    'mean': lambda X: X.mean(axis=0, dtype=np.float64),
    'median': lambda X: np.median(X, axis=0),
    'trimmed-mean': lambda X: np.sort(X, axis=0)[f:n - f].mean(axis=0, dtype=np.float64),
    'geometric-median': geometric_median,
    'krum': krum,
    'multi-krum': multi_krum,
    'bulyan': bulyan,
    'centered-clipping': centered_clipping,
    'meamed': lambda X: around_median(X, n - f),
    'krum (Gram form)': lambda X: krum(X, gram),
}

result = {}
for name, rule in rules.items():
    for _ in range(warm):
        rule(X)
    ms, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        rule(X)
        ms.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    result[name] = sorted(ms)[len(ms) // 2]
    result[name + ' (CPU)'] = sorted(cpu)[len(cpu) // 2]
print(json.dumps(result))
