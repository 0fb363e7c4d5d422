import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import type { ConfigIssue } from '../core/errors.js';
import type { AttackSetup } from './attack-setup.js';

/** Parameters of {@link bitFlip}. */
export const bitFlipParams = z.strictObject({
  /** IEEE-754 float32 bit positions to flip (0 = lowest mantissa bit, 31 = sign). @default [22, 29, 30, 31] */
  bits: z.array(z.int().min(0).max(31)).min(1).default([22, 29, 30, 31]),
  /** How many leading coordinates are corrupted (all of them if d is smaller). @default 500 */
  count: z.int().min(0).default(500),
  /**
   * 'own': each Byzantine worker flips its own gradient. 'shared': in a sync round every Byzantine worker sends
   * the same vector, the first Byzantine worker's gradient flipped (as the Zeno authors' older code, which flips
   * one vector and copies it to all Byzantine workers; needs the round, so omniscient knowledge; async and
   * local knowledge fall back to 'own'). @default 'own'
   */
  source: z.enum(['own', 'shared']).default('own'),
});

/** Bit-flip parameters as written by a user. */
export type BitFlipOptions = z.input<typeof bitFlipParams>;

/**
 * Bit flipping (the Zeno paper's older code): out = g, then for i < min(count, d) the float32 bits of out_i
 * listed in `bits` are XOR-ed with 1. With the defaults (top mantissa bit 22, exponent bits 29–30, sign 31)
 * this can produce NaN, ±Infinity, huge finite values (~1e38) or tiny ones; the NaN/Inf policy of the
 * aggregators (docs/rules.md, 'Non-finite inputs') then decides. The flip goes through a Uint32Array view of `out` after the
 * copy, never of the honest gradient.
 * @see Xie, Koyejo, Gupta. Zeno: Distributed Stochastic Gradient Descent with Suspicion-based Fault-tolerance. ICML 2019 (earlier code, "bit-flip").
 */
export function bitFlip(options: BitFlipOptions = {}): Attack {
  const { bits, count, source } = parseParams(bitFlipParams, options, 'byzantine.attack');
  let mask = 0;
  for (const b of bits) mask |= 1 << b;
  mask >>>= 0;
  return defineAttack('bit-flip', (honest, out, ctx) => {
    const first = source === 'shared' && ctx.round && ctx.roundByzantine ? ctx.roundByzantine.indexOf(true) : -1;
    out.set(first >= 0 ? ctx.round![first] : honest);
    const words = new Uint32Array(out.buffer, out.byteOffset, out.length);
    const k = Math.min(count, out.length);
    for (let i = 0; i < k; i++) words[i] = (words[i] ^ mask) >>> 0;
  });
}

/**
 * Where bit-flip's parameters would not do what they say (docs/rules.md, "Where each attack acts"): `count: 0`
 * flips nothing, and `source: 'shared'` needs the round (sync mode, omniscient knowledge); elsewhere every worker
 * would flip its own gradient.
 */
export function bitFlipIssues({ count, source }: z.output<typeof bitFlipParams>, setup: AttackSetup): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (count === 0) issues.push({ path: 'count', message: 'count 0 flips no coordinate, so the worker would send its honest gradient: expected at least 1' });
  if (source === 'shared' && !(setup.mode === 'sync' && setup.knowledge === 'omniscient')) {
    issues.push({ path: 'source', message: `'shared' sends the first Byzantine worker's flipped gradient from every Byzantine worker of a sync round, which needs the round (sync mode, "knowledge": "omniscient"); here each worker would flip its own gradient: use "source": "own"` });
  }
  return issues;
}
