import type { RunConfig } from '../config/schema.js';
import { hashJson } from '../core/hash.js';
import { defaultName } from './summary.js';

/** A folder name for a run: a slug of its name plus the start of its config hash (so distinct configs never collide). */
export function runFolderName(config: RunConfig): string {
  const slug = (config.name ?? defaultName(config))
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug}-${hashJson(config).slice(0, 8)}`;
}
