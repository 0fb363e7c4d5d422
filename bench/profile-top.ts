/**
 * Top self-time functions of a V8 CPU profile (not part of `npm test`). Profile the Zeno++ benchmark run with
 *   node --import tsx --cpu-prof --cpu-prof-dir=prof bench/run.ts --no-numpy
 * then: npx tsx bench/profile-top.ts prof/<main thread's file>.cpuprofile [--count N] [--within F] [--outside G]
 * --within F keeps only samples with a frame named F on the stack (`run@event-loop.ts`: the simulator's
 * flush, name@file), --outside G drops samples with a frame named G (`executeJob`: the compute jobs). The engine's
 * WebAssembly functions are named by their export names.
 */
import { readFileSync } from 'node:fs';
import { ENGINE_WASM } from '../src/engine/engine.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const count = Number(option('count') ?? 25);
const within = option('within');
const outside = option('outside');
const profile = JSON.parse(readFileSync(args[0], 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Export names of the engine module by function index (the profile only has indices). */
function engineNames(): Map<number, string> {
  const b = readFileSync(ENGINE_WASM);
  const names = new Map<number, string>();
  const leb = (i: number): [number, number] => {
    let r = 0, s = 0, x: number;
    do {
      x = b[i++];
      r |= (x & 0x7f) << s;
      s += 7;
    } while (x >= 0x80);
    return [r, i];
  };
  for (let i = 8; i < b.length; ) {
    const id = b[i++];
    const [size, start] = leb(i);
    if (id === 7) {
      let [n, j] = leb(start);
      for (; n > 0; n--) {
        const [len, k] = leb(j);
        const name = b.subarray(k, k + len).toString();
        const kind = b[k + len];
        const [index, next] = leb(k + len + 1);
        if (kind === 0) names.set(index, name);
        j = next;
      }
    }
    i = start + size;
  }
  return names;
}
const engineFns = engineNames();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
/** `name` or `name@file`: a frame of that function (in a file whose URL contains `file`). */
const onStack = (id: number, spec: string) => {
  const [name, file] = spec.split('@');
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    if (f.functionName === name && (file === undefined || f.url.includes(file))) return true;
  }
  return false;
};

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const wasm = /^wasm-function\[(\d+)\]$/.exec(functionName);
  // The smallest wasm module with these exports is taken to be the engine (tfjs's module is far larger).
  if (wasm && url.startsWith('wasm://') && engineFns.has(Number(wasm[1])) && Number(wasm[1]) < 64) return `engine:${engineFns.get(Number(wasm[1]))} (wasm)`;
  const file = url.replace(/^.*\/(node_modules\/[^/]+(\/[^/]+)?|src|bench)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}${url && !url.startsWith('wasm') ? `:${lineNumber + 1}` : ''}`;
};

const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  if (within !== undefined && !onStack(id, within)) return;
  if (outside !== undefined && onStack(id, outside)) return;
  const dt = profile.timeDeltas[i] ?? 0;
  const key = label(byId.get(id)!);
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
console.log(`${(total / 1e6).toFixed(2)} s sampled${within ? ` within ${within}` : ''}${outside ? ` outside ${outside}` : ''}`);
console.log('| self ms | % | function |');
console.log('|---:|---:|---|');
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`| ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)} | ${key} |`);
