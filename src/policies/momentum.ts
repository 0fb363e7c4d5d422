import { axpyInto, scaleInto } from '../engine/vectors.js';

/**
 * How a momentum buffer absorbs a new vector g: 'ema' m ← βm + (1 − β)g (Karimireddy, He, Jaggi, ICML 2021,
 * worker momentum); 'heavy-ball' m ← βm + g (El-Mhamdi, Guerraoui, Rouault, ICLR 2021; PyTorch SGD momentum).
 */
export type MomentumForm = 'ema' | 'heavy-ball';

/**
 * m ← βm + (1 − β)g or m ← βm + g, in place; the buffer starts at zero. Each of the two passes rounds to float32
 * once per element (βm first, then the addition), in index order, so the result is the same on every run.
 * @see Karimireddy, He, Jaggi. Learning from History for Byzantine Robust Optimization. ICML 2021, Algorithm 2.
 */
export function momentumStep(m: Float32Array, beta: number, g: Float32Array, form: MomentumForm): Float32Array {
  scaleInto(m, beta, m);
  return axpyInto(m, m, form === 'ema' ? 1 - beta : 1, g);
}

/**
 * Server momentum (heavy ball, as PyTorch's SGD without dampening): each applied direction d updates the velocity
 * v ← β·v + d (v starts at zero) and the server steps along v. Returns the function that does both, returning v.
 * @see Polyak. Some methods of speeding up the convergence of iteration methods. 1964; server momentum in
 * El-Mhamdi, Guerraoui, Rouault. Distributed Momentum for Byzantine-resilient Stochastic Gradient Descent. ICLR 2021.
 */
export function serverMomentum(beta: number): (direction: Float32Array) => Float32Array {
  let v: Float32Array | undefined;
  return (direction) => momentumStep((v ??= new Float32Array(direction.length)), beta, direction, 'heavy-ball');
}
