import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `file:///a/b.js:12:5` or `/a/b.js:12:5` in a stack frame: the compiled file, its line and column (1-based). */
const position = /(file:\/\/\/[^\s()]+?\.[cm]?js|\/[^\s()]+?\.[cm]?js):(\d+):(\d+)/g;

/**
 * A stack trace with every frame in a compiled file that has a source map beside it (dist/x.js and dist/x.js.map,
 * as the package ships them) moved to its TypeScript source position. Done only when a stack is printed, from the
 * maps on disk, so start-up pays nothing (enabling Node's source maps for the whole process parses the map of every
 * module it loads: about 45 ms more for `byzsim list`). Frames without a map, or outside any mapping, stay as they are.
 */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]));
      } catch {
        maps.set(file, undefined); // no map, or an unreadable one
      }
    }
    return maps.get(file);
  };
  return stack.replace(position, (frame, where: string, line: string, column: string) => {
    const file = where.startsWith('file:') ? fileURLToPath(where) : where;
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (entry?.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return frame;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
