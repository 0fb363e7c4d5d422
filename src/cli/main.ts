import { Command, InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { resolveConfig } from '../config/resolve.js';
import { catalogue } from '../experiments/catalogue.js';
import { defaultStudy } from '../experiments/default-study.js';
import { runFolderName } from '../experiments/run-folder.js';
import { simulate } from '../experiments/simulate.js';
import { runStudy, writeStudyTable } from '../experiments/study.js';
import { progressBar } from './progress.js';
import { summaryTable } from './table.js';

const threadsOption = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0 (0 = inline, no pool)');
  return n;
};

async function readConfig(path: string | undefined): Promise<unknown> {
  if (!path) return {};
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ path: '', message: `${path} is not valid JSON: ${(e as Error).message}` }]);
  }
}

const program = new Command('byzsim')
  .description('Deterministic simulator of Byzantine-tolerant asynchronous SGD (Zeno++ and friends)')
  .showHelpAfterError();

program
  .command('run')
  .description('run one config (JSON file; omitted = all defaults) and write its results folder')
  .argument('[config]', 'path to a config JSON file')
  .option('-t, --threads <n>', 'pool threads (0 = inline, no pool); default: the machine cores', threadsOption)
  .option('-o, --out <dir>', 'results root folder', 'results')
  .action(async (path: string | undefined, opts: { threads?: number; out: string }) => {
    const config = resolveConfig(await readConfig(path));
    const dir = join(opts.out, runFolderName(config));
    const bar = progressBar(config.name ?? 'run');
    const result = await simulate(config, { threads: opts.threads, outDir: dir, onProgress: bar.update }).finally(bar.stop);
    console.log(summaryTable([result.summary]));
    console.log(`backend ${result.summary.backend}; results in ${dir}`);
  });

program
  .command('study', { isDefault: false })
  .description('the default study: MNIST MLP, 10 workers, 6/10 sign-flip x10, async SGD vs Zeno++ (with and without attack)')
  .option('-t, --threads <n>', 'pool threads (0 = inline, no pool); default: the machine cores', threadsOption)
  .option('-o, --out <dir>', 'results folder', join('results', 'default-study'))
  .option('-s, --seed <n>', 'seed of every run', threadsOption, 1)
  .action(async (opts: { threads?: number; out: string; seed: number }) => {
    const configs = defaultStudy(opts.seed);
    const bar = progressBar('default study');
    const results = await runStudy(configs, { threads: opts.threads, outDir: opts.out, onProgress: bar.update }).finally(bar.stop);
    await writeStudyTable(opts.out, results);
    console.log(summaryTable(results.map((r) => r.summary)));
    console.log(`backend ${results[0].summary.backend}; one folder per run and study.csv in ${opts.out}`);
  });

program
  .command('list')
  .description('the catalogue of tasks, policies and attacks with their parameters and defaults')
  .action(() => console.log(catalogue()));

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`config error:\n${e.issues.map((i) => `  ${i.path || '(config)'}: ${i.message}`).join('\n')}`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
