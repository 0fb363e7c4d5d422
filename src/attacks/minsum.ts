import type { Attack } from './attack.js';
import { agnosticAttack, type AgnosticOptions } from './agnostic-attack.js';

/**
 * Min-Sum: μ − γp with the largest γ whose summed squared distance to the honest gradients is at most the
 * smallest such sum of an honest gradient (see agnostic-search.ts).
 * @see Shejwalkar, Houmansadr. Manipulating the Byzantine. NDSS 2021, §IV-B, Min-Sum.
 */
export function minSum(options: AgnosticOptions = {}): Attack {
  return agnosticAttack('minsum', 'min-sum', options);
}
