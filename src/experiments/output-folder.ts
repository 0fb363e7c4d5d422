import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { checkNotLocked } from './folder-lock.js';

/**
 * Checks, before any work, that results can be written under `dir`: it is a folder, or can be created (its
 * nearest existing ancestor is a writable folder), and neither it nor a folder above it is locked by a running
 * sweep. Creates nothing.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  await checkWritable(dir);
  await checkNotLocked(dir);
}

async function checkWritable(dir: string): Promise<void> {
  let path = resolve(dir);
  for (;;) {
    const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw new InputError(`output folder ${dir}: ${e.message}`);
    });
    if (info) {
      if (!info.isDirectory()) {
        throw new InputError(path === resolve(dir) ? `output folder ${dir} is a file, not a folder` : `output folder ${dir}: ${path} is a file, not a folder`);
      }
      await access(path, constants.W_OK).catch(() => {
        throw new InputError(`output folder ${dir}: ${path} is not writable`);
      });
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}
