import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const fixture = 'test/fixtures/cosine-swarm-fails.ts';

/** Runs a command that must fail; its output (stdout and stderr). */
async function failing(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    await exec(file, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  } catch (e) {
    const { stdout, stderr } = e as { stdout: string; stderr: string };
    return stdout + stderr;
  }
  assert.fail(`${file} ${args.join(' ')} passed; it must fail`);
}

describe('a failing swarm, as a user runs it', function () {
  this.timeout(240_000);
  const env = { ...process.env };
  delete env.BYZSIM_SWARM_SEED;

  it('prints what docs/testing.md shows, and its printed rerun command fails again for that seed alone, shrunk the same way', async () => {
    const out = await failing(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--reporter', 'dot', fixture], env);
    // The report in docs/testing.md: its summary, and each seed's message and shrunk config (its rerun lines abbreviate).
    const doc = readFileSync('docs/testing.md', 'utf8');
    const shown = doc.slice(doc.indexOf('the property failed for'), doc.indexOf('```', doc.indexOf('the property failed for')));
    const lines = shown.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '...' && !l.includes('rerun:'));
    assert.ok(lines.length >= 5, shown);
    for (const line of lines) assert.ok(out.includes(line), `docs/testing.md shows a line the swarm did not print:\n${line}\n--- printed:\n${out}`);

    // The first failing seed (seed 1: its shrunk config keeps a random fault), rerun by its printed command.
    const [, seed, command, shrunk] = /seed (\d+): .*\n {2}rerun: (.*)\n {2}(shrunk in .*)\n/.exec(out) ?? assert.fail(out);
    assert.match(command!, new RegExp(`^BYZSIM_SWARM_SEED=${seed} npx mocha .*${fixture}`));
    const again = await failing('sh', ['-c', command!], env);
    assert.match(again, new RegExp(`the property failed for 1 of 1 seeds \\(${seed}\\)`));
    assert.ok(again.includes(shrunk!), `seed ${seed} rerun did not shrink to the same config:\n${again}`);
  });

  it('run as a script with tsx, it prints `npx tsx <file>` reruns that rerun that seed alone', async () => {
    const { stdout } = await exec('npx', ['tsx', 'test/fixtures/swarm-lost.ts'], { encoding: 'utf8', env });
    const [, seed, command] = /seed (\d+): a push was lost\n {2}rerun: (.*)\n/.exec(stdout) ?? assert.fail(stdout);
    assert.equal(command, `BYZSIM_SWARM_SEED=${seed} npx tsx test/fixtures/swarm-lost.ts`);
    const again = await exec('sh', ['-c', command!], { encoding: 'utf8', env });
    assert.match(again.stdout, new RegExp(`^the property failed for 1 of 1 seeds \\(${seed}\\)\\n\\nseed ${seed}: a push was lost`));
  });
});
