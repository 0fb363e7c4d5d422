/**
 * The tfjs namespace as a type. Tasks receive it as an argument instead of importing tfjs themselves, so the
 * compute layer decides which backend (tfjs-node, wasm, cpu) is active and tasks stay backend-agnostic.
 */
export type Tf = typeof import('@tensorflow/tfjs');
