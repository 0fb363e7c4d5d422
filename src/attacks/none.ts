import { z } from 'zod';
import { copyInto } from '../engine/vectors.js';
import { defineAttack, type Attack } from './attack.js';

/** The `none` attack takes no parameters. */
export const noneParams = z.strictObject({});

/**
 * No attack: a "Byzantine" worker that behaves honestly (out = g_own). Useful to measure a filter's
 * false-positive cost with the Byzantine machinery switched on.
 */
export function none(): Attack {
  return defineAttack('none', (honest, out) => copyInto(out, honest), []);
}
