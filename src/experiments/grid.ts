import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { parseSweepSpec, type SweepSpec } from './sweep-spec.js';

export type { SweepSpec } from './sweep-spec.js';

/** One cell of the grid: the values it sets (by path, seed last) and its full config. */
export interface GridCell {
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: Record<string, unknown>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets `value` at a dotted path in a deep copy of `obj`, creating objects on the way. */
function withPath(obj: Record<string, unknown>, path: readonly string[], value: unknown, full: string): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy = { ...obj };
  if (rest.length === 0) {
    copy[head] = value;
  } else {
    const inner = obj[head] ?? {};
    if (!isPlainObject(inner)) {
      const at = full.split('.').slice(0, full.split('.').length - rest.length).join('.');
      throw ConfigError.at(`grid.${full}`, `cannot set it: base.${at} is ${JSON.stringify(inner)}, not an object (write it as an object, e.g. { "name": ... })`);
    }
    copy[head] = withPath(inner, rest, value, full);
  }
  return copy;
}

/** `timing.maxDelay=5, policy={"name":"zeno++"}, seed=1`: a cell named by its grid values. */
export function describeCell(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/**
 * The cartesian product of the grid (in the order the paths are written, last path fastest) × seeds. Checks
 * the spec first ({@link parseSweepSpec}); the cells' configs are checked by `planSweep`.
 */
export function expandGrid(input: SweepSpec | unknown): GridCell[] {
  const spec = parseSweepSpec(input);
  const seeds = spec.seeds ?? [(spec.base.seed as number | undefined) ?? 1];
  const issues: ConfigIssue[] = [];
  let cells: GridCell[] = [{ values: {}, config: { ...spec.base } }];
  for (const [path, values] of [...Object.entries(spec.grid), ['seed', seeds] as const]) {
    try {
      cells = cells.flatMap((cell) => values.map((v) => ({ values: { ...cell.values, [path]: v }, config: withPath(cell.config, path.split('.'), v, path) })));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return cells;
}
