import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** CI=1: a missing golden trace is an error, not written. */
const env = { ...process.env, CI: '1', BYZSIM_UPDATE_GOLDEN: '' };
const folder = 'examples/testing';
const mochaFiles = readdirSync(folder).filter((f) => f.endsWith('.mocha.test.ts')).map((f) => join(folder, f));

describe('examples/testing (the byzsim/testing subpath, as a user imports it)', function () {
  this.timeout(180_000);

  it('run under mocha', async () => {
    assert.equal(mochaFiles.length, 3, mochaFiles.join(', '));
    const { stdout } = await exec(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--reporter', 'dot', '--timeout', '60000', ...mochaFiles], { encoding: 'utf8', env });
    assert.match(stdout, /4 passing/);
  });

  it('run under node:test', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', join(folder, 'cosine.node.test.ts')], { encoding: 'utf8', env });
    assert.match(stdout, /# pass 2\n# fail 0/);
  });

  it('docs/testing.md shows their code as it runs, and the scripted test of a custom filter takes at most 15 lines', () => {
    const files = [...readdirSync(folder).map((f) => join(folder, f)), 'test/fixtures/cosine-swarm-fails.ts'].filter((f) => f.endsWith('.ts'));
    const sources = files.map((f) => readFileSync(f, 'utf8'));
    const blocks = [...readFileSync('docs/testing.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(blocks.length >= 5, `${blocks.length} TypeScript blocks`);
    for (const block of blocks) assert.ok(sources.some((s) => s.includes(block)), `docs/testing.md shows code no example runs:\n${block}`);
    const lines = readFileSync(join(folder, 'cosine.mocha.test.ts'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('//'));
    assert.ok(lines.length <= 15, `${lines.length} lines`);
  });
});
