import { z } from 'zod';
import type { RandomStream } from '../core/rng.js';

/** Virtual-time ticks per millisecond: one tick is one microsecond, fine enough that rounding rarely ties. */
export const TICKS_PER_MS = 1000;

/** A finite, non-negative number of milliseconds. */
const ms = z.number().nonnegative();

/**
 * A delay distribution in milliseconds of virtual time:
 * - `constant`: always `value`;
 * - `uniform`: uniform on [`min`, `max`], requires min ≤ max;
 * - `exponential`: mean `mean` (memoryless; the classic model of service times);
 * - `lognormal`: `median · exp(sigma · N(0, 1))`, heavy-tailed like measured compute and network latencies.
 * Unknown keys are errors.
 */
export const delayDistributionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), value: ms }),
  z
    .strictObject({ type: z.literal('uniform'), min: ms, max: ms })
    .refine((d) => d.min <= d.max, { path: ['max'], message: 'expected max ≥ min' }),
  z.strictObject({ type: z.literal('exponential'), mean: ms }),
  z.strictObject({ type: z.literal('lognormal'), median: ms, sigma: z.number().nonnegative() }),
]);

/** A validated delay distribution (milliseconds). */
export type DelayDistribution = z.output<typeof delayDistributionSchema>;

/** One draw in milliseconds, before any speed factor. */
function sampleMs(dist: DelayDistribution, stream: RandomStream): number {
  switch (dist.type) {
    case 'constant':
      return dist.value;
    case 'uniform':
      return dist.min + (dist.max - dist.min) * stream.float();
    case 'exponential':
      // 1 − u lies in (0, 1], so the logarithm is finite.
      return -dist.mean * Math.log(1 - stream.float());
    case 'lognormal':
      return dist.median * Math.exp(dist.sigma * stream.normal());
  }
}

/**
 * Draws a delay from `dist` (milliseconds), multiplies it by `speedFactor` (≥ 0; e.g. a straggler's slowdown)
 * and returns it in integer ticks ({@link TICKS_PER_MS} per ms), rounded to nearest and never negative.
 * Uses the draws of `stream` only, so the result is a pure function of the stream's key and step.
 */
export function sampleDelay(dist: DelayDistribution, stream: RandomStream, speedFactor = 1): number {
  if (!(Number.isFinite(speedFactor) && speedFactor >= 0)) {
    throw new RangeError(`speedFactor must be a finite number ≥ 0, got ${speedFactor}`);
  }
  const ticks = Math.max(0, Math.round(sampleMs(dist, stream) * speedFactor * TICKS_PER_MS));
  if (!Number.isSafeInteger(ticks)) {
    throw new RangeError(`a ${dist.type} delay of ${ticks} ticks is too large for virtual time (speedFactor ${speedFactor})`);
  }
  return ticks;
}
