import type { ParamBlock } from './param-block.js';

/**
 * The flat parameter layout of a dense network with layer widths `widths` (input first): for each layer its
 * weight matrix W (in × out, row-major) then its bias b (out). One contiguous Float32Array keeps models cheap to
 * snapshot, hash, aggregate and share between threads.
 */
export function denseLayout(widths: readonly number[]): ParamBlock[] {
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [inW, outW] = [widths[l], widths[l + 1]];
    blocks.push({ name: `W${l}`, shape: [inW, outW], offset, size: inW * outW });
    offset += inW * outW;
    blocks.push({ name: `b${l}`, shape: [outW], offset, size: outW });
    offset += outW;
  }
  return blocks;
}
