import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
type Outcome = { code: number | null; stdout: string; stderr: string };
/** The CLI from its sources (`main`), or compiled as the package's bin runs it (`bin`, built by npm ci). */
const argv = (how: 'main' | 'bin', args: string[]) => (how === 'bin' ? ['dist/cli/main.js', ...args] : ['--import', 'tsx', 'src/cli/main.ts', ...args]);
const cli = (args: string[], env: Record<string, string> = {}): Promise<Outcome> =>
  exec(process.execPath, argv('main', args), { encoding: 'utf8', env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** Starts the CLI, waits until stderr matches `ready`, sends `signal`, and resolves with how it ended. */
function interrupt(how: 'main' | 'bin', args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<Outcome & { signal: string | null }> {
  const child = spawn(process.execPath, argv(how, args), { env: { ...process.env, BYZSIM_PROGRESS_SECONDS: '0.2' } });
  let stdout = '', stderr = '', sent = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (!sent && ready.test(stderr)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig, stdout, stderr })));
}

const linreg = { name: 'linreg', samples: 600, validationSize: 50, testSize: 50 };
const oneLine = (stderr: string) => stderr.trim().split('\n').length === 1 && !/\n\s+at /.test(stderr);

describe('byzsim CLI under typos, signals and broken files', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-cli-robust-'));
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const long = write('long.json', { task: linreg, workers: 4, steps: 200_000, evalEvery: 50_000 });

  it('refuses a sweep with a typo, exit 2, before writing anything', async () => {
    const out = join(dir, 'typo-sweep');
    const r = await cli(['sweep', write('typo.json', { name: 'x', bse: {}, grid: { 'timing.maxDelay': [1] } }), '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^config error:\n {2}bse: unknown parameter \(expected one of: name, base, grid, seeds\), got \{\}\n$/);
    assert.equal(existsSync(out), false);
    const escape = await cli(['sweep', write('escape.json', { name: '../../../escape-sweep', base: { task: linreg } })]);
    assert.equal(escape.code, 2);
    assert.match(escape.stderr, /name: expected a plain folder name/);
  });

  it('gives one-line errors, exit 2, for missing or wrong files and folders', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['run', join(dir, 'missing.json')], /^error: cannot read config .*missing\.json: no such file$/],
      [['run', dir], /^error: cannot read config .*: it is a folder, not a JSON file$/],
      [['sweep', join(dir, 'missing.json')], /^error: cannot read sweep .*missing\.json: no such file$/],
      [['report', join(dir, 'nowhere')], /^error: .*nowhere: no such folder$/],
      [['report', long], /^error: .*long\.json is a file, not a results folder/],
      [['report', (mkdirSync(join(dir, 'empty')), join(dir, 'empty'))], /^error: .*empty: no finished run \(no readable summary\.json\) found$/],
      [['study', '--seed', '1,1'], /--seed <seeds>' argument '1,1' is invalid\. expected distinct seeds, got 1,1/],
      [['run', '--threads', '1000'], /--threads <n>' argument '1000' is invalid\. expected a whole number from 0 to \d+ \(0 = inline, no pool; at most twice this machine's \d+ cores: more threads cannot run at once/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr.split('\n')[0], expected, args.join(' '));
      if (!args[1]?.startsWith('--')) assert.ok(oneLine(r.stderr), r.stderr); // usage errors add the command's help
    }
  });

  it('checks the output folder before any work', async () => {
    const file = write('a-file', 'x');
    const started = Date.now();
    const r = await cli(['run', long, '--out', file, '--threads', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: output folder .*a-file(\/.*)?: .*a-file is a file, not a folder\n$/);
    assert.ok(Date.now() - started < 30_000);
    const s = await cli(['sweep', write('ok-sweep.json', { base: { task: linreg, steps: 10 } }), '--out', file]);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /^error: output folder .*a-file is a file, not a folder\n$/);
  });

  it('refuses a sweep, run, study or replay into a folder a running sweep holds, exit 2, before printing or writing anything', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    // The lock a sweep holds, here naming this (live) test process, exactly as a running sweep would.
    const lock = `{"pid":${process.pid},"host":"${hostname()}","since":"2026-01-01T00:00:00.000Z"}\n`;
    writeFileSync(join(locked, '.lock'), lock);
    const tiny = write('tiny.json', { task: linreg, workers: 4, steps: 20, evalEvery: 10 });
    const ran = await cli(['run', tiny, '--out', dir, '--threads', '0']); // a run folder to replay
    assert.equal(ran.code, 0, ran.stderr);
    const runFolder = join(dir, readdirSync(dir).find((f) => f.startsWith('async-sgd-clean-seed1-'))!);
    const inUse = (where: string) => new RegExp(`^error: (output folder .*: )?${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another sweep or study \\(process ${process.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z\\): wait for it to finish or choose another folder \\(remove .*locked/\\.lock if that process is gone\\)\n$`);
    const cases: Array<[string[], string]> = [
      [['sweep', write('lock-sweep.json', { base: { task: linreg, steps: 10 }, seeds: [1, 2] }), '--out', locked, '--threads', '0'], locked],
      [['sweep', write('lock-queue.json', { base: { task: linreg, steps: 10 } }), '--out', locked, '--queue', 'redis://127.0.0.1:1'], locked],
      [['run', tiny, '--out', locked, '--threads', '0'], locked],
      [['study', '--out', locked, '--threads', '0'], locked],
      [['replay', runFolder, '--out', locked, '--threads', '0'], locked],
      [['sweep', write('lock-inner.json', { base: { task: linreg, steps: 10 } }), '--out', join(locked, 'inner'), '--threads', '0'], locked],
    ];
    for (const [args, where] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, inUse(where), `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.deepEqual(readdirSync(locked), ['.lock'], args.join(' '));
    }
    // A lock whose process is gone does not stand in the way (the sweep takes it over).
    writeFileSync(join(locked, '.lock'), lock.replace(`"pid":${process.pid}`, '"pid":2147483646'));
    const after = await cli(['run', tiny, '--out', locked, '--threads', '0']);
    assert.equal(after.code, 0, after.stderr);
  });

  for (const [how, signal, code] of [['main', 'SIGINT', 130], ['main', 'SIGTERM', 143], ['bin', 'SIGTERM', 143]] as const) {
    it(`stops cleanly on ${signal}${how === 'bin' ? ' (compiled bin)' : ''}: "interrupted", exit ${code}, no partial folder`, async () => {
      const out = join(dir, `interrupted-${how}-${signal}`);
      const r = await interrupt(how, ['run', long, '--out', out, '--threads', '0'], /arrivals \(\d+%\)/, signal);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, /interrupted \(SIG(INT|TERM)\): nothing partial was kept\n$/);
      assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
    });
  }

  it('stops when npm (npx byzsim, npm start) is sent SIGTERM: npm signals only its shell, yet no orphan run goes on', async () => {
    // `npm exec -- node ...` builds the same process tree as `npx byzsim` and `npm start`: npm -> sh -> the CLI.
    const out = join(dir, 'under-npm');
    const child = spawn('npm', ['exec', '--', process.execPath, ...argv('main', ['run', long, '--out', out, '--threads', '0'])], {
      env: { ...process.env, BYZSIM_PROGRESS_SECONDS: '0.2' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/arrivals \(\d+%\)/.test(stderr)) child.kill('SIGTERM');
    });
    // 'close' waits for the CLI too: it holds the same stderr pipe.
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.ok(signal === 'SIGTERM' || code === 143, `npm ended with ${code} ${signal}`); // npm re-raises the signal on itself
    // The CLI notices that its shell is gone within a quarter second, and stops as on SIGHUP.
    const running = () => spawnSync('pgrep', ['-f', out], { encoding: 'utf8' }).stdout.trim();
    for (let i = 0; i < 100 && running() !== ''; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(running(), '', `still running: ${running()}\n${stderr}`);
    assert.match(stderr, /byzsim's parent process \(pid \d+, started by npm\) is gone: stopping\n\ninterrupted \(SIGHUP\): nothing partial was kept\n$/);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
  });

  it('restores the terminal on Ctrl-C (cursor shown, line wrap back on), in a real pseudo-terminal', async () => {
    // util-linux `script` gives the CLI a terminal; writing ^C to it makes the terminal send SIGINT, as a user's key does.
    const out = join(dir, 'tty');
    const command = [process.execPath, ...argv('main', ['run', long, '--out', out, '--threads', '0'])].join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null']);
    let output = '', sent = false;
    child.stdout.on('data', (d) => {
      output += d;
      if (!sent && /arrivals \| ETA/.test(output)) {
        sent = true;
        child.stdin.write('\x03');
      }
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, output);
    const hidden = output.indexOf('\x1b[?25l');
    assert.ok(hidden >= 0, 'the bar hides the cursor');
    assert.ok(output.lastIndexOf('\x1b[?25h') > hidden && output.lastIndexOf('\x1b[?7h') > output.lastIndexOf('\x1b[?7l'), JSON.stringify(output.slice(-300)));
    assert.match(output, /interrupted \(SIGINT\)/);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
  });

  it('prints a sweep\'s notes above the bar in a terminal, whole, and ends below them', async () => {
    const spec = write('notes-sweep.json', { base: { task: linreg, workers: 4, steps: 30, evalEvery: 10 }, grid: { 'optimizer.lr': [0.01, 1e300] } });
    const command = [process.execPath, ...argv('main', ['sweep', spec, '--out', join(dir, 'notes-sweep'), '--threads', '0'])].join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null']);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0, output);
    const note = output.indexOf('WARNING: cell optimizer.lr=1e+300');
    assert.ok(note > output.indexOf('\x1b[?25l'), 'the note comes while the bar is shown');
    // On a cleared line of its own, with line wrap on (the bar turns it off), so it is never cut at the screen's width.
    assert.equal(output.slice(note - 10, note), '\r\x1b[2K\x1b[?7h');
    // The bar's stop returns to the last saved cursor position: it must be below the note, or the summary would overwrite it.
    assert.ok(output.lastIndexOf('\x1b7') > note, JSON.stringify(output.slice(note)));
    assert.ok(output.lastIndexOf('\x1b8') > output.lastIndexOf('\x1b7'));
  });

  it('stops a sweep cleanly: no partial cell folder, lock released', async () => {
    const spec = write('sweep-long.json', { base: { task: linreg, workers: 4, evalEvery: 10 }, grid: { steps: [20, 200_000] } });
    const out = join(dir, 'sweep-interrupted');
    const r = await interrupt('main', ['sweep', spec, '--out', out, '--threads', '0', '--concurrency', '2'], /arrivals \(\d+%\)/, 'SIGTERM');
    assert.equal(r.code, 143, r.stderr);
    assert.deepEqual(readdirSync(out).filter((f) => f !== 'cells'), []); // no lock, no sweep.csv
    const cells = existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells')) : [];
    for (const cell of cells) assert.ok(existsSync(join(out, 'cells', cell, 'summary.json')), cell); // whole cells only
  });

  it('stops a study cleanly: no partial run folder, lock released', async () => {
    const out = join(dir, 'study-interrupted');
    const r = await interrupt('main', ['study', '--out', out, '--threads', '0'], /arrivals \(\d+%\)/, 'SIGTERM');
    assert.equal(r.code, 143, r.stderr);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []); // no lock, no study.csv, no half-written run
  });

  it('stops a sweep before any cell finished without leaving its folder behind', async () => {
    const spec = write('sweep-early.json', { base: { task: linreg, workers: 4, steps: 200_000, evalEvery: 50_000 }, grid: { 'timing.maxDelay': [1, 2] } });
    const out = join(dir, 'sweep-early', 'inner');
    const r = await interrupt('main', ['sweep', spec, '--out', out, '--threads', '0'], /arrivals \(\d+%\)/, 'SIGINT');
    assert.equal(r.code, 130, r.stderr);
    assert.equal(existsSync(join(dir, 'sweep-early')), false, 'the folders the sweep created are gone');
  });

  it('prints a progress line every few seconds without a terminal, with the ETA', async () => {
    // Long enough to outlast several 0.1 s intervals even on a fast machine (the engine runs linreg at ~20k arrivals/s).
    const config = write('medium.json', { task: linreg, workers: 4, steps: 60_000, evalEvery: 20_000 });
    const r = await cli(['run', config, '--out', join(dir, 'medium'), '--threads', '0'], { BYZSIM_PROGRESS_SECONDS: '0.1' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr.split('\n')[0], /^1 run\(s\), 60,000 arrivals in all, linreg, inline \(no pool\)/);
    const lines = r.stderr.split('\n').filter((l) => /^run: \d+\/60000 arrivals \(\d+%\), \d+s elapsed, ETA \d+s$/.test(l));
    assert.ok(lines.length >= 2, r.stderr);
  });

  it('counts a sync run in rounds: the announcement and the progress lines say rounds and never pass the total', async () => {
    const config = write('sync-medium.json', { task: linreg, mode: 'sync', policy: { name: 'mean' }, workers: 4, steps: 6_000, evalEvery: 3_000 });
    const r = await cli(['run', config, '--out', join(dir, 'sync-medium'), '--threads', '0'], { BYZSIM_PROGRESS_SECONDS: '0.1' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr.split('\n')[0], /^1 run\(s\), 6,000 rounds in all, linreg, inline \(no pool\)/);
    const lines = r.stderr.split('\n').filter((l) => /^run: \d+\/6000 rounds \(\d+%\)/.test(l));
    assert.ok(lines.length >= 1, r.stderr);
    for (const l of lines) assert.ok(Number(/^run: (\d+)\//.exec(l)![1]) <= 6000, l);
  });

  it('says loudly when the model diverged with finite parameters (test loss overflows, honest gradients dropped), in the table, a warning and the report', async () => {
    // The MLP under unfiltered sign-flip x10: the outputs overflow float32 at about arrival 165, the weights stay finite.
    const task = { name: 'mnist-mlp', testSize: 200, validationSize: 100 };
    const attack = { count: 6, assignment: 'bernoulli', attack: { name: 'sign-flip', scale: 10 } };
    const config = write('diverges.json', { task, workers: 10, byzantine: attack, steps: 300, evalEvery: 100 });
    const out = join(dir, 'diverged');
    const r = await cli(['run', config, '--out', out, '--threads', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /async-sgd-sign-flip-q6of10-bernoulli-seed1 \(DIVERGED\)/);
    assert.match(r.stderr, /WARNING: async-sgd-sign-flip-q6of10-bernoulli-seed1: the model diverged: its final test loss is not finite .* and [1-9]\d* gradient\(s\) were dropped as non-finite; its accuracy and rates describe a broken model/);
    assert.equal((await cli(['report', out])).code, 0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.match(report, /\*\*Warning:\*\* the model diverged in 1 of 1 run\(s\)/);
    assert.match(report, /\| all runs \(diverged in 1 of 1\) \| 1 \|/);
  });

  it('says loudly when the model became non-finite', async () => {
    const config = write('overflow.json', { task: linreg, workers: 4, steps: 30, evalEvery: 10, optimizer: { lr: 1e300 } });
    const r = await cli(['run', config, '--out', join(dir, 'overflow'), '--threads', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /NON-FINITE MODEL/);
    assert.match(r.stderr, /WARNING: .*: the model became non-finite \(NaN or infinite parameters\) at arrival 0 \(update 1\)/);
    const [folder] = readdirSync(join(dir, 'overflow'));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'overflow', folder, 'summary.json'), 'utf8')).nonFiniteModel, { arrival: 0, version: 1 });
  });
});
