import { readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { registerCleanup } from './cleanup.js';

/** The lock file a sweep holds in its folder while it runs. */
export const lockFile = '.lock';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes `dir`'s lock, so two sweeps into one folder never run the same cells twice: the second is refused with
 * who holds it. A lock left by a process that died (same host, pid gone) is taken over, with a note. Returns the
 * release function (also run if the process is interrupted).
 */
export async function lockFolder(dir: string, onNote: (message: string) => void = () => {}): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, lockFile);
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    // Written beside it, then hard-linked into place: the lock appears with its content, or not at all.
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(tmp, `${JSON.stringify(me)}\n`);
      await link(tmp, path);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(await readFile(path, 'utf8')) as Holder;
      } catch {
        holder = undefined; // being written right now, or garbage: treat as held
      }
      if (holder && holder.host === me.host && !alive(holder.pid)) {
        onNote(`${path}: taking over the lock of process ${holder.pid}, which is gone`);
        await rm(path, { force: true });
        continue;
      }
      const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
      throw new InputError(`${dir} is in use by another sweep (${who}): wait for it to finish or choose another folder (remove ${path} if that process is gone)`);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  const mine = () => {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as Holder).pid === me.pid;
    } catch {
      return false;
    }
  };
  const unregister = registerCleanup(() => {
    if (mine()) rmSync(path, { force: true });
  });
  return async () => {
    unregister();
    if (mine()) await rm(path, { force: true });
  };
}
