import { z } from 'zod';

/** A rule's f, required: left out, the config error reads `policy.f: required (f, the number of Byzantine ...)`. */
export const byzantineCount = z.int().min(0).describe('f, the number of Byzantine vectors the rule tolerates: a whole number ≥ 0');
