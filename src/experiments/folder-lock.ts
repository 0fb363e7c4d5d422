import { readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { registerCleanup } from './cleanup.js';

/** The lock file a sweep or a study holds in its folder while it runs. */
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

/** The holder of `dir`'s lock, or undefined when there is none (or it is unreadable). */
async function holderOf(dir: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(join(dir, lockFile), 'utf8')) as Partial<Holder> | null;
    return typeof h?.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** A lock whose holder is gone: on this host, and no process has its pid any more. */
const abandoned = (holder: Holder) => holder.host === hostname() && !alive(holder.pid);

const inUse = (dir: string, holder: Holder | undefined) => {
  const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
  return `${dir} is in use by another sweep or study (${who}): wait for it to finish or choose another folder (remove ${join(dir, lockFile)} if that process is gone)`;
};

/**
 * Refuses (InputError) when `dir`, or a folder above it, is locked by a sweep that is still running: checked
 * before any work and before anything is printed, by every command that writes results. A lock left by a
 * process that died does not count (the next sweep takes it over); one that cannot be read yet is left to
 * `lockFolder` to judge.
 */
export async function checkNotLocked(dir: string): Promise<void> {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const holder = await holderOf(d);
    if (holder && !abandoned(holder)) throw new InputError(d === resolve(dir) ? inUse(dir, holder) : `output folder ${dir}: ${inUse(d, holder)}`);
    if (dirname(d) === d) return;
  }
}

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
      const holder = await holderOf(dir); // undefined: being written right now, or garbage; treated as held
      if (holder && abandoned(holder)) {
        onNote(`${path}: taking over the lock of process ${holder.pid}, which is gone`);
        await rm(path, { force: true });
        continue;
      }
      throw new InputError(inUse(dir, holder));
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
