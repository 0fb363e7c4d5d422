/**
 * Splits a V8 CPU profile of the main thread into WebAssembly kernels and everything else, over the simulation's
 * span: from the first to the last sample inside its event loop (a frame `run` in event-loop.ts on the stack), so
 * promise callbacks, garbage collection and V8's own work in between count too. Used by `bench/run.ts --profile`.
 */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSplit {
  /** Sampled milliseconds in the simulation's span. */
  totalMs: number;
  /** In WebAssembly functions (the engine's kernels: model gradients, server vector kernels). */
  kernelsMs: number;
  /** JavaScript, garbage collection and V8's own work ('(program)') outside WebAssembly. */
  outsideMs: number;
  idleMs: number;
}

export function splitProfile(profile: CpuProfile): ProfileSplit {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inLoop = new Map<number, boolean>();
  const withinLoop = (id: number): boolean => {
    let known = inLoop.get(id);
    if (known === undefined) {
      const f = byId.get(id)!.callFrame;
      const up = parent.get(id);
      known = (f.functionName === 'run' && f.url.includes('event-loop')) || (up !== undefined && withinLoop(up));
      inLoop.set(id, known);
    }
    return known;
  };
  let first = -1;
  let last = -1;
  profile.samples.forEach((id, i) => {
    if (!withinLoop(id)) return;
    if (first < 0) first = i;
    last = i;
  });
  const split: ProfileSplit = { totalMs: 0, kernelsMs: 0, outsideMs: 0, idleMs: 0 };
  for (let i = Math.max(first, 0); i <= last; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(profile.samples[i])!.callFrame;
    split.totalMs += ms;
    if (f.functionName === '(idle)') split.idleMs += ms;
    else if (f.url.startsWith('wasm')) split.kernelsMs += ms;
    else split.outsideMs += ms;
  }
  return split;
}
