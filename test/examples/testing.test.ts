import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** CI=1: a missing golden trace is an error, not written. */
const env = { ...process.env, CI: '1', BYZSIM_UPDATE_GOLDEN: '' };

describe('examples/testing (the byzsim/testing subpath, as a user imports it)', function () {
  this.timeout(180_000);

  it('run under mocha', async () => {
    const { stdout } = await exec(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--reporter', 'dot', 'examples/testing/cosine.mocha.test.ts'], { encoding: 'utf8', env });
    assert.match(stdout, /3 passing/);
  });

  it('run under node:test', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', 'examples/testing/cosine.node.test.ts'], { encoding: 'utf8', env });
    assert.match(stdout, /# pass 2\n# fail 0/);
  });
});
