import type { Tf } from '../tasks/tf.js';
import type { TfBackendName } from './jobs.js';

/** tfjs with one backend active in the calling thread. */
export interface LoadedTf {
  readonly tf: Tf;
  readonly backend: TfBackendName;
}

/** A string variable, not a literal: tsc must not try to resolve the optional package (TS2307 when absent). */
const TFJS_NODE = '@tensorflow/tfjs-node';

async function loadTensorflow(): Promise<Tf> {
  // tfjs-node may be absent (MODULE_NOT_FOUND) or present without its native binding (a plain Error from
  // its loader); both are simply "not available" to the caller.
  const m = (await import(TFJS_NODE)) as Tf & { default?: Tf };
  const tf = m.default ?? m;
  if (!(await tf.setBackend('tensorflow'))) throw new Error("tfjs-node loaded but the 'tensorflow' backend failed to initialize");
  return tf;
}

async function loadJs(backend: 'wasm' | 'cpu'): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  // The wasm backend finds its .wasm next to its own bundle in Node, also in worker threads (no setWasmPaths).
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' failed to initialize`);
  if (backend === 'cpu') {
    // The cpu backend prints a "Hi, looks like you are running TensorFlow.js in Node.js…" banner on its first
    // tensor. Mark it as already shown; enableProdMode would also hide tfjs's genuine warnings.
    const cpu = tf.backend() as unknown as { firstUse?: boolean };
    if (typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
  }
  return tf;
}

async function load(name: TfBackendName): Promise<Tf> {
  const tf = name === 'tensorflow' ? await loadTensorflow() : await loadJs(name);
  await tf.ready();
  return tf;
}

const loaded = new Map<TfBackendName, Promise<Tf>>();

function loadCached(name: TfBackendName): Promise<Tf> {
  let p = loaded.get(name);
  if (!p) {
    p = load(name);
    loaded.set(name, p);
    p.catch(() => loaded.delete(name)); // a failed attempt may be retried (and is reported to the caller)
  }
  return p;
}

async function activate(name: TfBackendName): Promise<LoadedTf> {
  const tf = await loadCached(name);
  // tfjs's active backend is global per thread; a later loadTf of another backend switches it, so every
  // call re-activates the backend it returns.
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) throw new Error(`tfjs backend '${name}' failed to re-activate`);
  return { tf, backend: name };
}

/**
 * Loads tfjs with a backend in the calling thread (cached per thread). `'auto'` prefers native TensorFlow
 * (@tensorflow/tfjs-node), then wasm, then pure-JS cpu, and never throws for a missing optional backend.
 * An explicit name loads exactly that backend or throws an error naming it and the cause.
 */
export async function loadTf(preference: 'auto' | TfBackendName): Promise<LoadedTf> {
  if (preference !== 'auto') {
    if (!['tensorflow', 'wasm', 'cpu'].includes(preference)) throw new TypeError(`unknown tfjs backend '${String(preference)}' (expected auto, tensorflow, wasm or cpu)`);
    try {
      return await activate(preference);
    } catch (e) {
      const hint = preference === 'tensorflow' ? ' (is @tensorflow/tfjs-node installed with its native binding?)' : '';
      throw new Error(`cannot load tfjs backend '${preference}'${hint}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  const errors: string[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
    try {
      return await activate(name);
    } catch (e) {
      errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded:\n  ${errors.join('\n  ')}`);
}
