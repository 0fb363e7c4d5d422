import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A loopback TCP port that was free a moment ago (nothing listens on it once this returns). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private redis-server for one test file: loopback only, no persistence, in a temp folder. */
export interface TestRedis {
  readonly url: string;
  /** Stops the server and starts it again, empty (no persistence), on the same port after `downSeconds`, as a Redis that crashed. */
  restart(downSeconds?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns redis-server on `port` with its files in `dir`; resolves once it accepts connections. */
async function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new Error('redis-server is not installed: the distributed-sweep tests need a real Redis (Debian: apt-get install -y redis-server; .ci/run installs it)')
          : e,
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Starts Debian's `redis-server` on a free loopback port. Throws (so the tests fail, never skip) when it is not
 * installed: these tests are about a real Redis.
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-redis-'));
  const port = await freePort();
  let child = await spawnRedis(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downSeconds = 0) {
      await stopRedis(child);
      await new Promise((resolve) => setTimeout(resolve, downSeconds * 1000));
      child = await spawnRedis(port, dir);
    },
    async stop() {
      await stopRedis(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
