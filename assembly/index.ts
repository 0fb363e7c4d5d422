// The engine's WebAssembly module: every exported kernel. One file per family of kernels.
export * from './vectors';
export * from './pairwise';
export * from './columns';
export * from './models/mlp';
export { denseForward } from './models/dense';
export { convForward } from './models/conv';
export { maxPool2 } from './models/pool';
export * from './models/cnn';
export * from './weighted';

/** First byte after the module's own static data: the JavaScript allocator starts here. */
export const heapBase: usize = __heap_base;
