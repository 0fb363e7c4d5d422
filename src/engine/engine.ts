import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The few WebAssembly JS-API types the engine uses. Node has the API, but @types/node 20 does not declare it (it
 * lives in TypeScript's DOM lib), and declaring the global here would clash with consumers who load that lib.
 */
interface WasmGlobal { readonly value: number | bigint }
interface WasmMemory { readonly buffer: ArrayBufferLike; grow(pages: number): number }
interface WasmModule { readonly __brand: 'WasmModule' }
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The raw kernels of the engine's WebAssembly module (sources in assembly/). Pointers are byte addresses in the
 * engine's memory, lengths are element counts. Kernels never allocate: callers own every byte they touch.
 */
export interface EngineExports {
  readonly heapBase: WasmGlobal;
  dot(a: number, b: number, n: number): number;
  squaredNorm(a: number, n: number): number;
  squaredDistance(a: number, b: number, n: number): number;
  squaredNormAndDot(g: number, v: number, n: number, out: number): void;
  scale(out: number, alpha: number, x: number, n: number): void;
  axpy(out: number, y: number, alpha: number, x: number, n: number): void;
  /** Returns 1 iff every element written is finite. */
  sgdStep(out: number, x: number, lr: number, d: number, wd: number, n: number): number;
  allFinite(a: number, n: number): number;
  // assembly/pairwise.ts and assembly/columns.ts: the aggregators' inner loops (rows = a u32 table of row addresses).
  pairwiseSquaredDistances(rows: number, n: number, d: number, D: number): void;
  columns(rows: number, n: number, d: number, net: number, count: number, rule: number, param: number, scratch: number, out: number, outF64: number): void;
  // Models (assembly/models/): headers and buffers are laid out by src/tasks/engine/.
  mlpGradient(net: number, params: number, grad: number, split: number, indices: number, n: number, flip: number): number;
  mlpLoss(net: number, params: number, split: number, indices: number, n: number): number;
  mlpEvaluate(net: number, params: number, split: number, n: number, out: number): void;
  /** A dense layer's forward pass on n rows (assembly/models/dense.ts; the MLP's layers after the first). */
  denseForward(dst: number, bias: number, w: number, src: number, n: number, inW: number, outW: number): void;
  /** The CNN's second convolution and its pooling, one example (assembly/models/conv.ts, pool.ts). */
  convForward(input: number, h: number, w: number, cin: number, filter: number, bias: number, k: number, cout: number, out: number): void;
  maxPool2(src: number, h: number, w: number, c: number, dst: number, arg: number): void;
  cnnGradient(net: number, params: number, grad: number, split: number, indices: number, n: number, flip: number): number;
  cnnLoss(net: number, params: number, split: number, indices: number, n: number): number;
  cnnEvaluate(net: number, params: number, split: number, n: number, out: number): void;
  cnnScratchFloats(): number;
  cnnParamCount(): number;
  // assembly/weighted.ts: the mean, Weiszfeld and centered-clipping row sums.
  distancesTo(rows: number, n: number, d: number, z: number, dist2: number): void;
  meanRows(rows: number, n: number, d: number, out: number, outF64: number, acc: number): void;
  weiszfeldStep(rows: number, n: number, d: number, beta: number, total: number, next: number, dist2: number, acc: number): void;
  clipStep(rows: number, n: number, d: number, scale: number, v: number, dist2: number, more: number, acc: number): void;
}

/** Where the compiled module lives: next to this file, in src/engine/ (tsx) or dist/engine/ (compiled). */
export const ENGINE_WASM = new URL('./engine.wasm', import.meta.url);

const PAGE = 65536;
/** The module declares at most 65,536 pages (4 GiB), the wasm32 limit. */
const MAX_PAGES = 65536;
/** Allocations are 16-byte aligned: one v128. */
const ALIGN = 16;

let compiled: WasmModule | undefined;
let compiledHash = '';

/** The compiled module, once per thread (compiling takes a few ms; instantiating is cheap). */
function engineModule(): WasmModule {
  if (!compiled) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(ENGINE_WASM);
    } catch (e) {
      throw new Error(`the engine's WebAssembly module is missing (${ENGINE_WASM.pathname}); build it with 'npm run build:engine'`, { cause: e });
    }
    compiled = new wasm.Module(bytes);
    compiledHash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  }
  return compiled;
}

/**
 * The engine build this thread runs: the first 16 hex digits of the SHA-256 of engine.wasm. The module fixes every
 * kernel's summation order, so two runs of one config with the same engine build compute the same bits on any
 * machine (summary.json records it).
 */
export function engineBuild(): string {
  engineModule();
  return compiledHash;
}

/**
 * One instance of the engine: the module bound to its own shared memory, plus a small allocator that hands out
 * 16-byte-aligned blocks of that memory. The memory is a growable *shared* WebAssembly.Memory, for two reasons:
 * growing it never detaches an existing view (a shared buffer only gets longer), so a Float32Array handed out
 * once stays valid for good; and its views are SharedArrayBuffer views, which a job can post to a pool thread
 * without copying.
 *
 * Freed blocks are kept on free lists by exact size and reused first (the simulation allocates many blocks of
 * a few sizes: model versions, gradient slots, scratch), so memory stays flat across runs in one process.
 */
export class Engine {
  readonly memory: WasmMemory;
  readonly k: EngineExports;
  /**
   * Every SharedArrayBuffer object through which this engine made views (one per size the memory has had): how
   * `ptrOf` recognizes its views. Held strongly, with the newest in `current`: V8 may hand out a *new* object for
   * `memory.buffer` once the previous one was collected, and views made on it would not be recognized.
   */
  private readonly buffers = new Set<ArrayBufferLike>();
  private current: ArrayBufferLike;
  private readonly freeLists = new Map<number, number[]>();
  private top: number;
  /** 32 bytes for kernels that return several values. */
  private readonly results: number;
  private resultView: Float64Array;

  constructor() {
    this.memory = new wasm.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.current = this.memory.buffer;
    this.buffers.add(this.current);
    const instance = new wasm.Instance(engineModule(), { env: { memory: this.memory } });
    this.k = instance.exports as unknown as EngineExports;
    this.top = align(Number(this.k.heapBase.value));
    this.results = this.alloc(32);
    this.resultView = new Float64Array(this.current, this.results, 4);
  }

  /** A zero-filled block of `bytes` bytes; returns its byte address. */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`engine alloc: expected a byte count ≥ 0, got ${bytes}`);
    const size = align(Math.max(bytes, 1));
    const reused = this.freeLists.get(size)?.pop();
    if (reused !== undefined) {
      new Uint8Array(this.current, reused, size).fill(0);
      return reused;
    }
    const ptr = this.top;
    const end = ptr + size;
    if (end > this.current.byteLength) this.grow(end);
    this.top = end;
    return ptr; // fresh memory is zero
  }

  /** Returns a block to the allocator; `bytes` must be what was allocated. */
  free(ptr: number, bytes: number): void {
    const size = align(Math.max(bytes, 1));
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(ptr);
  }

  /** A zero-filled Float32Array of `length` in engine memory (shared, never detached). */
  float32(length: number): Float32Array {
    const ptr = this.alloc(length * 4); // first: it may grow the memory, and with it the buffer to view
    return new Float32Array(this.current, ptr, length);
  }

  /** A zero-filled Float64Array of `length` in engine memory (shared, never detached). */
  float64(length: number): Float64Array {
    const ptr = this.alloc(length * 8);
    return new Float64Array(this.current, ptr, length);
  }

  /** Returns an array from `float32` or `float64` to the allocator. It must not be used afterwards. */
  release(a: Float32Array | Float64Array): void {
    const ptr = this.ptrOf(a);
    if (ptr < 0) throw new RangeError('engine release: the array does not live in this engine');
    this.free(ptr, a.byteLength);
  }

  /** The byte address of `a` if it lives in this engine's memory, else −1 (then kernels must not be given it). */
  ptrOf(a: ArrayBufferView): number {
    return this.buffers.has(a.buffer) ? a.byteOffset : -1;
  }

  /** Bytes the allocator has taken from the memory so far (a bound on its use). */
  get used(): number {
    return this.top;
  }

  /** The result area of multi-value kernels, as float64 (valid until the next such call). */
  get resultsPtr(): number {
    return this.results;
  }

  resultsF64(): Float64Array {
    return this.resultView;
  }

  private grow(end: number): void {
    const have = this.current.byteLength / PAGE;
    // At least double, so a run of allocations grows the memory O(log n) times.
    const want = Math.min(MAX_PAGES, Math.max(Math.ceil(end / PAGE), have * 2));
    if (want * PAGE < end) throw new RangeError(`engine memory exhausted: ${end} bytes needed, 4 GiB is the limit`);
    this.memory.grow(want - have);
    this.current = this.memory.buffer;
    this.buffers.add(this.current);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

let threadEngine: Engine | undefined;

/** This thread's engine (created on first use). Every thread — the main one and each pool thread — has one. */
export function engine(): Engine {
  threadEngine ??= new Engine();
  return threadEngine;
}
