import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { registerCleanup } from './cleanup.js';

/**
 * Writes a file so that readers see the old content or the whole new content, never a partial file:
 * write a temporary file beside it, then rename over it (atomic within one file system). An interruption
 * meanwhile removes the temporary file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const unregister = registerCleanup(() => rmSync(tmp, { force: true }));
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    unregister();
  }
}
