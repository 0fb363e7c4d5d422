import { z } from 'zod';
import { copyInto } from '../engine/vectors.js';
import { defineAttack, type Attack } from './attack.js';

/** Label flipping takes no parameters (the flip is always y → C − 1 − y). */
export const labelFlipParams = z.strictObject({});

/**
 * Label flipping: the worker trains honestly on labels y → C − 1 − y (the task applies the flip when
 * its action is on 'data'), then sends that gradient unchanged, so `craft` copies. docs/rules.md, 'Attacks'.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments; code `labelflip`).
 */
export function labelFlip(): Attack {
  return defineAttack('label-flip', (honest, out) => copyInto(out, honest), [{ on: 'data', labels: 'flip' }]);
}
