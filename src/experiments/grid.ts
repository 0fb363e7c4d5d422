import { ConfigError } from '../core/errors.js';

/** A sweep as written: a base config, values per config path, and seeds. */
export interface SweepSpec {
  readonly name?: string;
  readonly base?: Record<string, unknown>;
  /** Dotted config paths (`timing.maxDelay`, `byzantine.count`, `policy`) → the values to try. */
  readonly grid?: Record<string, readonly unknown[]>;
  readonly seeds?: readonly number[];
}

/** One cell of the grid: the values it sets (by path) and its full config. */
export interface GridCell {
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: Record<string, unknown>;
}

/** Sets `value` at a dotted path in a deep copy of `obj`, creating objects on the way. */
function withPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const copy = { ...obj };
  copy[head] = rest.length === 0 ? value : withPath((obj[head] as Record<string, unknown>) ?? {}, rest.join('.'), value);
  return copy;
}

/** The cartesian product of the grid (in the order the paths are written, last path fastest) × seeds. */
export function expandGrid(spec: SweepSpec): GridCell[] {
  const entries = Object.entries(spec.grid ?? {});
  for (const [path, values] of entries) {
    if (!Array.isArray(values) || values.length === 0) throw ConfigError.at(`grid.${path}`, `expected a non-empty array of values, got ${JSON.stringify(values)}`);
  }
  const seeds = spec.seeds ?? [((spec.base ?? {}) as { seed?: number }).seed ?? 1];
  let cells: GridCell[] = [{ values: {}, config: { ...(spec.base ?? {}) } }];
  for (const [path, values] of [...entries, ['seed', seeds] as const]) {
    cells = cells.flatMap((cell) => values.map((v) => ({ values: { ...cell.values, [path]: v }, config: withPath(cell.config, path, v) })));
  }
  return cells;
}
