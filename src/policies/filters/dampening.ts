import { z } from 'zod';

/** Staleness dampening Λ(τ): 'none' (Λ = 1, Kardam's AVERAGING), 'exponential' exp(−ατ), 'inverse' 1/(τ + 1). */
export type Dampening = 'none' | 'exponential' | 'inverse';

/**
 * The `dampening` and `alpha` parameters, to spread into a filter's strict params schema so every filter that
 * offers dampening spells and defaults it the same way.
 */
export const dampeningParams = {
  /** Λ(τ) applied to an accepted gradient computed τ versions ago: 'none', 'exponential' or 'inverse'. @default 'none' */
  dampening: z.enum(['none', 'exponential', 'inverse']).default('none'),
  /** α of exponential dampening exp(−ατ) (unused otherwise); the Kardam example uses 0.2. @default 0.2 */
  alpha: z.number().min(0).default(0.2),
};

/**
 * Kardam's staleness-aware weight: the server applies x ← x − γ·Λ(τ)·g, with τ = server version − the
 * version g was computed on.
 *
 *   'none': Λ = 1;   'exponential': Λ(τ) = exp(−α·τ);   'inverse': Λ(τ) = 1/(τ + 1) (DynSGD-style)
 *
 * A negative or non-finite τ is a wiring bug (it would amplify the step), so it throws.
 * @see Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki. Asynchronous Byzantine Machine Learning (the case of SGD). ICML 2018, PMLR 80:1145-1154 (code: LPD-EPFL/kardam `utils/Dampening.java`).
 */
export function dampeningFactor(kind: Dampening, alpha: number, staleness: number): number {
  if (!(staleness >= 0 && Number.isFinite(staleness))) throw new RangeError(`dampening: expected a staleness >= 0, got ${staleness}`);
  switch (kind) {
    case 'none':
      return 1;
    case 'exponential':
      return Math.exp(-alpha * staleness);
    case 'inverse':
      return 1 / (staleness + 1);
  }
}
