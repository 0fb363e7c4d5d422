import { z } from 'zod';
import { copyInto } from '../engine/vectors.js';
import { defineAttack, type Attack } from './attack.js';

/** The `omission` attack takes no parameters. */
export const omissionParams = z.strictObject({});

/**
 * Omission: the Byzantine gradient is never sent (a crashed worker, or a lost message). Nothing is computed;
 * the server logs the slot as `omitted` — in async mode it counts as an arrival that applied nothing, in sync
 * mode the round aggregates the vectors that did arrive. With a fixed Byzantine set this is a crashed worker.
 * @see Lamport, Shostak, Pease. The Byzantine Generals Problem. ACM TOPLAS 1982 (omission as the mildest Byzantine fault).
 */
export function omission(): Attack {
  // `craft` is never called for an omitting attack; it copies so the attack stays a total function.
  return defineAttack('omission', (honest, out) => copyInto(out, honest), [{ on: 'omission' }]);
}
