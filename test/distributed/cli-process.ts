import { spawn, type ChildProcess } from 'node:child_process';

/** A `byzsim` CLI process started directly (not through bin/, so a signal reaches the CLI itself). */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exit: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const wake = () => this.waiters.forEach((w) => w());
    this.child.stdout!.on('data', (d: Buffer) => ((this.stdout += d.toString()), wake()));
    this.child.stderr!.on('data', (d: Buffer) => ((this.stderr += d.toString()), wake()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code) => (resolve(code), wake())));
  }

  /** Resolves once `test` holds for the output so far; rejects after `seconds` or if the process ends first. */
  async waitFor(what: string, test: (p: CliProcess) => boolean, seconds = 30): Promise<void> {
    if (test(this)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out after ${seconds} s waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), seconds * 1000);
      const check = () => {
        if (test(this)) done();
        else if (this.child.exitCode !== null || this.child.signalCode !== null) done(new Error(`process ended (${this.child.exitCode ?? this.child.signalCode}) before ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      const done = (e?: Error) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        if (e) reject(e);
        else resolve();
      };
      this.waiters.push(check);
    });
  }

  /** Lines of stdout that start with `word` (e.g. the worker's `start <id>` lines). */
  lines(word: string): string[] {
    return this.stdout.split('\n').filter((l) => l.startsWith(`${word} `));
  }

  /** The exit code (null when ended by a signal). */
  ended(): Promise<number | null> {
    return this.exit;
  }

  /** Sends `signal` if still running and waits for the end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exit;
  }
}
