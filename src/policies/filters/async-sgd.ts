import { z } from 'zod';
import { copyInto } from '../../core/vectors.js';
import { accept, defineFilter, type AsyncFilter } from './filter.js';

/** Plain asynchronous SGD takes no parameters (an unknown key is an error). */
export const asyncSgdParams = z.strictObject({});

/**
 * Plain asynchronous SGD, the undefended baseline: every well-formed gradient is applied as is,
 * d = g, so x ← x − γ_t·g. Score is NaN (none is computed). Malformed candidates are still rejected.
 * @see Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (the `none` baseline).
 */
export function asyncSgd(): AsyncFilter {
  return defineFilter({
    name: 'async-sgd',
    refreshEvery: 0,
    validationBatch: 0,
    judge(candidate, _ctx, out) {
      copyInto(out, candidate);
      return accept();
    },
  });
}
