import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simulate } from '../../src/index.js';

const exec = promisify(execFile);
const root = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The newest modification time (ms) of any file under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/** A tiny run, the same in the installed package and in the sources. */
const tiny = { task: { name: 'linreg', samples: 300, validationSize: 30, testSize: 30 }, workers: 4, steps: 20, evalEvery: 10 } as const;

/** A consumer as strict as TypeScript gets, importing the public API by the package name. */
const consumerTs = `
import { simulate, createAggregator, createFilter, createAttack, catalogue, resolveConfig, paramViews, taskSpecOf, Registries, type RunConfigInput, type ArrivalRecord, type EvaluationPoint, type ParamView } from 'byzsim';
import { scenario, expectGolden, expectDeterministic, expectSwarm, type Scenario } from 'byzsim/testing';
const config: RunConfigInput = ${JSON.stringify(tiny)};
const result = await simulate(config, { threads: 0 });
const hash: string = result.summary.traceHash;
const rounded: Float32Array = createAggregator('krum', { f: 1 }).aggregate([new Float32Array(2), new Float32Array(2), new Float32Array(2), new Float32Array(2), new Float32Array(2)]);
const records: readonly ArrivalRecord[] = result.records;
const evaluations: readonly EvaluationPoint[] = result.evaluations;
const w0: ParamView | undefined = paramViews(result.finalParams, taskSpecOf(result.config))['W0'];
const corner: number | undefined = w0?.get(0, 0);
console.log(hash, rounded.length, createFilter, createAttack, catalogue(new Registries()).length, resolveConfig(config).workers, records.length, evaluations.length, corner);
const s: Scenario = await scenario(config);
const decisions: string = s.decisions({ worker: 0 });
console.log(decisions, expectGolden, expectDeterministic, expectSwarm);
`;

/**
 * What a user gets from `npm install byzsim`: the packed tarball installed into an empty folder, then used from
 * plain node (no tsx), from a strict TypeScript consumer, and through its bin.
 */
describe('the packed package', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-pack-'));
  const consumer = join(dir, 'consumer');
  type Output = { stdout: string; stderr: string };
  let runs: { node: Promise<Output>; tsc: Promise<Output>; list: Promise<Output>; throws: Promise<Output>; internal: Promise<Output> };
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    // CI builds the engine and dist/ in `npm ci` (prepare); rebuild only what a newer source makes stale, so a
    // local edit is never missed.
    const wasm = join(root, 'src', 'engine', 'engine.wasm');
    if (existsSync(join(root, 'assembly')) && (!existsSync(wasm) || newest(join(root, 'assembly')) > statSync(wasm).mtimeMs)) {
      await exec(npm, ['run', 'build:engine'], { cwd: root });
    }
    if (!existsSync(join(root, 'dist', 'index.js')) || newest(join(root, 'src')) > statSync(join(root, 'dist', 'index.js')).mtimeMs) {
      await exec(process.execPath, [join(root, 'scripts', 'build.js')], { cwd: root });
    }
    const { stdout } = await exec(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('dist/cli/main.js'), 'dist is packed');
    assert.ok(files.includes('README.md') && files.includes('docs/design.md'), 'README and docs are packed');
    assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test/')), [], 'no sources or tests in the tarball');
    for (const wasm of readdirSync(join(root, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.wasm'))) {
      assert.ok(files.includes(join('dist', wasm)), `${wasm} is shipped`);
    }
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const typesNode = JSON.parse((await exec(npm, ['pkg', 'get', 'devDependencies.@types/node'], { cwd: root, encoding: 'utf8' })).stdout) as string;
    await exec(npm, ['install', join(dir, packed.filename), `@types/node@${typesNode}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer });

    // The three uses run side by side (each `it` awaits its own); a failure surfaces in its `it`.
    // Every public subpath of the exports map (byzsim/testing, ...) must load too.
    const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports as Record<string, unknown>;
    const subpaths = Object.keys(exportsMap).filter((k) => k !== '.' && !k.endsWith('.json')).map((k) => `byzsim/${k.slice(2)}`);
    const loads = subpaths.map((s) => `await import(${JSON.stringify(s)});\n`).join('');
    writeFileSync(join(consumer, 'run.mjs'), `import { simulate } from 'byzsim';\n${loads}const r = await simulate(${JSON.stringify(tiny)}, { threads: 1 });\nconsole.log(JSON.stringify(r.summary));\n`);
    writeFileSync(join(consumer, 'consumer.ts'), consumerTs);
    // A mistake in the consumer's code that byzsim throws on (inputs of different lengths).
    writeFileSync(join(consumer, 'throws.mjs'), `import { createAggregator } from 'byzsim';\ncreateAggregator('krum', { f: 1 }).aggregate([new Float32Array(2), new Float32Array(3)]);\n`);
    // A rule of the user's own that throws inside a run: the bin reports an internal error with its stack.
    writeFileSync(
      join(consumer, 'boom.mjs'),
      `import { z } from 'zod';\nimport { defineAttack, registerAttack } from 'byzsim';\n` +
        `registerAttack('boom', { params: z.strictObject({}), summary: 'throws', citation: 'test', create: () => defineAttack('boom', () => { throw new TypeError('boom'); }) });\n`,
    );
    writeFileSync(join(consumer, 'boom.json'), JSON.stringify({ ...tiny, byzantine: { count: 1, attack: { name: 'boom' } } }));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, types: ['node'] },
      files: ['consumer.ts'],
    }));
    const settle = (p: Promise<Output>): Promise<Output> => {
      p.catch(() => undefined); // awaited in its `it`; never an unhandled rejection meanwhile
      return p;
    };
    runs = {
      node: settle(exec(process.execPath, ['run.mjs'], { cwd: consumer, encoding: 'utf8' })),
      tsc: exec(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { encoding: 'utf8' }).catch((e: Output) => e),
      list: settle(exec(join(consumer, 'node_modules', '.bin', 'byzsim'), ['list'], { encoding: 'utf8' })),
      throws: exec(process.execPath, ['--enable-source-maps', 'throws.mjs'], { cwd: consumer, encoding: 'utf8' }).catch((e: Output) => e),
      internal: exec(join(consumer, 'node_modules', '.bin', 'byzsim'), ['run', 'boom.json', '--import', 'boom.mjs', '--threads', '0', '--out', 'out'], { cwd: consumer, encoding: 'utf8' }).catch((e: Output) => e),
    };
  });

  it('simulates a tiny config from a plain node ESM script (which also loads every subpath export), with the hashes of the sources', async () => {
    const installed = JSON.parse((await runs.node).stdout) as { traceHash: string; modelHash: string; arrivals: { total: number } };
    const here = (await simulate(tiny, { threads: 0 })).summary;
    assert.equal(installed.arrivals.total, 20);
    assert.equal(installed.traceHash, here.traceHash);
    assert.equal(installed.modelHash, here.modelHash);
  });

  it('typechecks in a consumer with strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes (no skipLibCheck)', async () => {
    const r = await runs.tsc;
    assert.equal(r.stdout, '', r.stdout);
  });

  it('installs a byzsim bin that lists the catalogue', async () => {
    const { stdout } = await runs.list;
    for (const name of ['mnist-mlp', 'zeno++', 'krum', 'sign-flip']) assert.ok(stdout.split('\n').includes(`  ${name}`), name);
  });

  it('ships source maps that carry their TypeScript sources, so a stack trace under --enable-source-maps shows the source line', async () => {
    const dist = join(consumer, 'node_modules', 'byzsim', 'dist');
    const scripts = readdirSync(dist, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length > 100, `${scripts.length} compiled files`);
    for (const js of scripts) {
      const map = JSON.parse(readFileSync(join(dist, `${js}.map`), 'utf8')) as { sources: string[]; sourcesContent?: unknown[] };
      assert.equal(map.sourcesContent?.length, map.sources.length, `${js}.map has its sources inline (src/ is not shipped)`);
      assert.ok(map.sourcesContent.every((text) => typeof text === 'string' && text.length > 0), js);
    }
    const { stderr } = await runs.throws;
    const frame = /^(.*\/node_modules\/byzsim\/src\/(policies\/aggregators\/aggregator\.ts)):(\d+)\n(.*)\n/.exec(stderr);
    assert.ok(frame, `the error's code frame is in the TypeScript source:\n${stderr}`);
    const line = Number(frame[3]);
    assert.equal(frame[4], readFileSync(join(root, 'src', frame[2]), 'utf8').split('\n')[line - 1], 'the line shown is the source line that threw');
    assert.match(stderr, /RangeError: krum: input 1 has length 3, expected 2/);
    assert.ok(stderr.includes(`(${frame[1]}:${line}:`), `a stack frame at the same source line:\n${stderr}`);
  });

  it("reports an internal error with a stack at byzsim's TypeScript lines, not the compiled ones (without --enable-source-maps)", async () => {
    const { stderr } = await runs.internal;
    assert.match(stderr, /^internal error: SimulationError: simulation failed: TypeError: boom /m);
    const frames = stderr.split('\n').filter((l) => /^\s+at .*\/node_modules\/byzsim\//.test(l));
    assert.ok(frames.length >= 3, stderr);
    for (const frame of frames) assert.match(frame, /\/node_modules\/byzsim\/src\/[\w/-]+\.ts:\d+:\d+\)?$/, stderr);
    // Each frame's line is the source line: the run failed where the event loop builds its SimulationError.
    const [, path, line] = /\/node_modules\/byzsim\/(src\/scheduler\/event-loop\.ts):(\d+):/.exec(stderr) ?? [];
    assert.ok(path, stderr);
    assert.match(readFileSync(join(root, path), 'utf8').split('\n')[Number(line) - 1], /SimulationError/);
  });
});
