/**
 * zod → ConfigError, in one place, so every config and rule-parameter message has the same shape:
 * `policy.rho: expected a number >= 0, got -1`.
 */
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';

type Issue = z.core.$ZodIssue;

/** Renders a value the user gave, briefly and unambiguously (strings quoted, NaN and Infinity spelled). */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `prefix` plus a zod path: `policy` + ['rho'] → `policy.rho`; array indices as `[i]`. */
function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

const typeNames: Record<string, string> = {
  number: 'a finite number', // zod 4 numbers reject NaN and ±Infinity
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

/** `a number >= 0`, `an integer > 0`, `at least 2 items`: the bound an issue reports. */
function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, op: '>' | '<', limit: number | bigint): string {
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    const what = issue.origin === 'int' ? 'an integer' : 'a number';
    return `${what} ${op}${inclusive ? '=' : ''} ${limit}`;
  }
  const unit = `${issue.origin === 'string' ? 'character' : 'item'}${Number(limit) === 1 ? '' : 's'}`;
  if (issue.exact) return `exactly ${limit} ${unit}`;
  return `${op === '>' ? 'at least' : 'at most'} ${limit} ${unit}`;
}

/** The part after `path: ` for one issue. */
function describe(issue: Issue): string {
  const got = `got ${formatValue(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeNames[issue.expected] ?? `a ${issue.expected}`}, ${got}`;
    case 'too_small':
      return `expected ${bound(issue, '>', issue.minimum)}, ${got}`;
    case 'too_big':
      return `expected ${bound(issue, '<', issue.maximum)}, ${got}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(formatValue).join(' | ')}, ${got}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}, ${got}`;
    case 'custom':
      // Custom checks (cross-field preconditions) write the whole sentence themselves.
      return issue.message;
    default:
      return `${issue.message}, ${got}`;
  }
}

/**
 * Converts a ZodError into a ConfigError with one issue per problem, paths prefixed by `prefix`
 * (e.g. `policy`). Values appear in messages when the parse ran with `{ reportInput: true }` (as
 * {@link parseParams} does). `knownKeys` names the accepted keys of the top-level object, so a
 * misspelled parameter lists the right spellings.
 */
export function toConfigError(error: z.ZodError, prefix = '', knownKeys?: readonly string[]): ConfigError {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues as Issue[]) {
    if (issue.code === 'unrecognized_keys') {
      // One issue per key, so the path names the offending key itself.
      let known = '';
      if (issue.path.length === 0 && knownKeys) known = knownKeys.length ? ` (expected one of: ${knownKeys.join(', ')})` : ' (takes no parameters)';
      for (const key of issue.keys) {
        const input = issue.input as Record<string, unknown> | undefined;
        issues.push({ path: joinPath(prefix, [...issue.path, key]), message: `unknown parameter${known}, got ${formatValue(input?.[key])}` });
      }
    } else {
      issues.push({ path: joinPath(prefix, issue.path), message: describe(issue) });
    }
  }
  return new ConfigError(issues);
}

/**
 * Validates `input` (undefined means "all defaults") with a strict object schema and returns the resolved
 * parameters, or throws a ConfigError whose paths start with `prefix`.
 */
export function parseParams<S extends z.ZodObject>(schema: S, input: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) throw toConfigError(result.error, prefix, Object.keys(schema.shape));
  return result.data;
}
