import { z } from 'zod';
import { defineAttack, type Attack } from './attack.js';

/** The `zero` attack takes no parameters. */
export const zeroParams = z.strictObject({});

/**
 * Zero gradient: out = 0 whatever the honest gradient (a crash-like, "free-riding" worker).
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017 (arbitrary vectors; zero is a common baseline, no single source).
 */
export function zero(): Attack {
  return defineAttack('zero', (_honest, out) => out.fill(0));
}
