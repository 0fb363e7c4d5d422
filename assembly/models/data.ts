// A dataset in engine memory, as the JavaScript side lays it out (src/tasks/engine/engine-data.ts): rows in
// compressed sparse row form (only non-zero features are stored, in increasing feature order), and one float32
// target per row (a class label 0..C−1 as a float, or a regression target).

/** Field offsets (in i32 words) of a dataset header. */
export const D_ROW_START: i32 = 0; // i32[rows + 1]: row r's entries are rowStart[r] .. rowStart[r + 1] − 1
export const D_INDEX: i32 = 1; // i32[nnz]: feature index of each entry
export const D_VALUE: i32 = 2; // f32[nnz]: feature value of each entry
export const D_TARGET: i32 = 3; // f32[rows]: class label or regression target
export const D_CLASSES: i32 = 4; // number of classes; 0 = regression

@inline export function word(header: usize, field: i32): i32 {
  return load<i32>(header + (<usize>field << 2));
}

@inline export function ptr(header: usize, field: i32): usize {
  return <usize>load<i32>(header + (<usize>field << 2));
}

/** The dataset row of the b-th example: split[indices[b]], or split[b] when `indices` is 0 (a whole split). */
@inline export function rowOf(split: usize, indices: usize, b: i32): i32 {
  const k = indices ? load<i32>(indices + (<usize>b << 2)) : b;
  return load<i32>(split + (<usize>k << 2));
}
