import type { Attack } from './attack.js';
import { agnosticAttack, type AgnosticOptions } from './agnostic-attack.js';

/**
 * Min-Max: μ − γp with the largest γ whose distance to every honest gradient is at most the largest distance
 * between two honest gradients (see agnostic-search.ts).
 * @see Shejwalkar, Houmansadr. Manipulating the Byzantine. NDSS 2021, §IV-B, Min-Max.
 */
export function minMax(options: AgnosticOptions = {}): Attack {
  return agnosticAttack('minmax', 'min-max', options);
}
