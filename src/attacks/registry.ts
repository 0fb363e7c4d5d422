import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { parseParams } from '../core/zod-issues.js';
import type { Attack } from './attack.js';
import { labelFlip, labelFlipParams } from './label-flip.js';
import { none, noneParams } from './none.js';
import { signFlip, signFlipParams } from './sign-flip.js';

/** A catalogue entry: the strict params schema, a factory, and what to show in `byzsim list`. */
export interface AttackEntry<S extends z.ZodObject = z.ZodObject> {
  readonly params: S;
  /** Builds the attack from parameters already resolved by `params`. */
  create(params: z.output<S>): Attack;
  readonly summary: string;
  readonly citation: string;
}

/** Every attack, by the name used in configs. */
export const attacks = {
  'sign-flip': {
    params: signFlipParams,
    create: signFlip,
    summary: 'Sends −scale · (own honest gradient); scale 10 as in the Zeno++ experiments.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments).',
  },
  'label-flip': {
    params: labelFlipParams,
    create: labelFlip,
    summary: 'Trains honestly on flipped labels y → C − 1 − y and sends that gradient.',
    citation: 'Xie, Koyejo, Gupta. Zeno++: Robust Fully Asynchronous SGD. ICML 2020 (experiments).',
  },
  none: {
    params: noneParams,
    create: none,
    summary: 'Behaves honestly (a control for the Byzantine machinery).',
    citation: '—',
  },
} satisfies Record<string, AttackEntry>;

/** A registered attack name. */
export type AttackName = keyof typeof attacks;

/**
 * Builds the attack `name` from user parameters. Throws a ConfigError for an unknown name (listing the
 * known ones) or for bad parameters (naming the field under `prefix`, the value and what was expected).
 */
export function createAttack(name: string, params: unknown = {}, prefix = 'byzantine.attack'): Attack {
  if (!Object.hasOwn(attacks, name)) {
    throw ConfigError.at(`${prefix}.name`, `unknown attack ${JSON.stringify(name)}; expected one of ${Object.keys(attacks).join(', ')}`);
  }
  const entry: AttackEntry = attacks[name as AttackName];
  return entry.create(parseParams(entry.params, params, prefix));
}
