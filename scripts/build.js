// Compiles src/ to dist/ (ESM JavaScript, .d.ts, source maps) and copies the assets the code loads at run time
// (src/**/*.wasm, e.g. the engine's kernels) next to the compiled files. Run by `npm run build` and by
// `prepare`, so `npm ci` leaves a built package.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const assets = /\.wasm$/;

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
chmodSync(join(dist, 'cli', 'main.js'), 0o755); // the package's bin

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !assets.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  copied++;
}
console.log(`built dist/ (${copied} asset${copied === 1 ? '' : 's'} copied)`);
