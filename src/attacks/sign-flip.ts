import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { scaleInto } from '../engine/vectors.js';
import { defineAttack, type Attack } from './attack.js';

/** Parameters of {@link signFlip}. */
export const signFlipParams = z.strictObject({
  /** a, the multiplier of the flipped gradient; the Zeno++ code's `--byz-param-a`. @default 10 */
  scale: z.number().gt(0).default(10),
});

/** Sign-flip parameters as written by a user. */
export type SignFlipOptions = z.input<typeof signFlipParams>;

/**
 * Sign flipping: the worker sends out = −a·g_own (a = 10 in every Zeno++ experiment; a = 1 is the
 * "bit-flipping" of the centered-clipping code). See docs/rules.md, 'Attacks'.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments; code `signflip`).
 */
export function signFlip(options: SignFlipOptions = {}): Attack {
  const { scale } = parseParams(signFlipParams, options, 'byzantine.attack');
  return defineAttack('sign-flip', (honest, out) => scaleInto(out, -scale, honest));
}
