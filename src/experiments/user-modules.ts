import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultRegistries } from '../config/registries.js';
import { InputError } from '../core/errors.js';

/** A string variable, not a literal: tsc must not resolve tsx, a development tool the package does not depend on. */
const TSX_API = 'tsx/esm/api';
let tsxRegistered: Promise<void> | undefined;

/**
 * Lets this thread import TypeScript through tsx's loader (a second registration under tsx is harmless). Not
 * tsx's `tsImport`: it loads a module's imports afresh, so the module's `import ... from 'byzsim'` would register
 * its names on a copy of byzsim instead of this one.
 */
function registerTsx(path: string): Promise<void> {
  tsxRegistered ??= (import(TSX_API) as Promise<{ register(): unknown }>).then(
    (tsx) => void tsx.register(),
    (e: unknown) => {
      throw new InputError(`--import ${path}: a TypeScript module needs tsx (npm install tsx), or compile it to JavaScript`, { cause: e });
    },
  );
  return tsxRegistered;
}

/**
 * True when this file runs as CommonJS: byzsim's own TypeScript sources loaded through tsx's CommonJS transform
 * (as in its test runs and in threads started from them), where byzsim's modules are CommonJS instances. The user's
 * module is then required too, so that its imports of byzsim reach those instances, not ES-module copies.
 */
const loadedAsCommonJs = typeof require === 'function';

/** The file URL of a module path given on the command line (relative to the working directory) or already a URL. */
export function userModuleUrl(path: string): string {
  if (path.startsWith('file:')) return path;
  return pathToFileURL(isAbsolute(path) ? path : resolve(path)).href;
}

const size = (r: typeof defaultRegistries) => Object.keys(r.filters).length + Object.keys(r.aggregators).length + Object.keys(r.attacks).length + Object.keys(r.timings).length + Object.keys(r.tasks).length;

/**
 * Imports modules that register a user's own tasks, rules, attacks or timing models when imported, with the
 * top-level `registerTask`, `registerFilter`, `registerAggregator`, `registerAttack` or `registerTiming` of
 * byzsim (the same installation as the caller, so that they land in its {@link defaultRegistries}).
 * `byzsim worker --import` makes every cell thread do this, since threads do not share registrations. Paths
 * are relative to the working directory; a `.ts` module is loaded through tsx. A module that cannot be imported,
 * or that registers nothing here, is an InputError naming it. Returns the modules' URLs.
 */
export async function importUserModules(paths: readonly string[]): Promise<string[]> {
  const urls = [...new Set(paths.map(userModuleUrl))];
  for (const url of urls) {
    const path = paths.find((p) => userModuleUrl(p) === url) ?? url;
    const before = size(defaultRegistries);
    try {
      if (loadedAsCommonJs) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- see loadedAsCommonJs
        require(fileURLToPath(url));
      } else {
        if (/\.[cm]?tsx?$/.test(new URL(url).pathname)) await registerTsx(path);
        await import(url);
      }
    } catch (e) {
      throw new InputError(`--import ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (size(defaultRegistries) === before) {
      throw new InputError(
        `--import ${path}: the module registered nothing in this byzsim; it should call registerTask, registerFilter, registerAggregator, registerAttack or registerTiming imported from 'byzsim' (the installation that runs this command)`,
      );
    }
  }
  return urls;
}
