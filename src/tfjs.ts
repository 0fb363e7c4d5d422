/**
 * byzsim's tfjs entry (`byzsim/tfjs`): what a model of your own in tfjs needs (docs/design.md, 'A task defined by a
 * tfjs model'). Separate from the main entry so that code which never touches tfjs never typechecks its types.
 */
export { loadTf, type LoadedTf } from './compute/backend.js';
export { loadComputeTask, type TfForward } from './tasks/compute-task.js';
export { tfjsTask } from './tasks/tfjs-task.js';
export type { Tf } from './tasks/tf.js';
