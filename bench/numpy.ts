/** Runs a NumPy script of bench/ with one BLAS thread, or says why it cannot (python3 or numpy missing). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One BLAS thread: NumPy with default threads is erratic on a shared machine, and byzsim uses one core. */
const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** Why NumPy cannot run here, or undefined when it can. */
export function numpyMissing(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import numpy'], { env, encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `numpy is not installed for python3 (${r.stderr.trim().split('\n').pop()})`;
  return undefined;
}

/** Runs bench/<script> with `args` and returns its stdout; throws with its stderr on failure. */
export function runNumpy(script: string, args: string[]): string {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const r = spawnSync('python3', [path, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}
