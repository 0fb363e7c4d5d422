import { z } from 'zod';
import { stalenessFunction, stalenessWeight, type StalenessFunction } from './staleness.js';

/** Staleness dampening Λ(τ): any staleness function ({@link stalenessFunction}), 'none' by default. */
export type Dampening = StalenessFunction;

/**
 * The `dampening` and `alpha` parameters, to spread into a filter's strict params schema so every filter that
 * offers dampening spells and defaults it the same way.
 */
export const dampeningParams = {
  /**
   * Λ(τ) applied to an accepted vector computed τ versions ago: 'none', 'exponential', 'inverse', 'polynomial',
   * 'hinge' or 'staleness-aware' (γ/τ), or an object with its parameters, e.g. { name: 'hinge', a: 10, b: 4 }.
   * @default 'none'
   */
  dampening: stalenessFunction.default('none'),
  /** α of exponential dampening exp(−ατ) (unused otherwise); the Kardam example uses 0.2. @default 0.2 */
  alpha: z.number().min(0).default(0.2),
};

/**
 * The staleness-aware weight of an accepted vector: the server applies x ← x − γ·Λ(τ)·d, with τ = server
 * version − the version the vector was computed on. Kardam's policies ('none' = AVERAGING, 'exponential',
 * 'inverse') and the staleness functions of FedAsync and staleness-aware SGD; see {@link stalenessWeight}.
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018, PMLR 80:1145-1154 (code: LPD-EPFL/kardam `utils/Dampening.java`).
 */
export function dampeningFactor(kind: Dampening, alpha: number, staleness: number): number {
  return stalenessWeight(kind, staleness, alpha);
}
