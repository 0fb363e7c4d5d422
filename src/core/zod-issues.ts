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

type Def = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  discriminator?: string;
};

const field = (value: unknown, key: PropertyKey): unknown => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined);

/** The options of a discriminated union that `value`'s discriminator picks (all of them when it picks none). */
function picked(def: Def, value: unknown): readonly z.core.$ZodType[] {
  const tag = def.discriminator === undefined ? undefined : field(value, def.discriminator);
  const match = def.options!.filter((o) => {
    const literal = (o._zod.def as Def).shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined;
    return literal?.values?.includes(tag) ?? false;
  });
  return match.length > 0 ? match : def.options!;
}

/**
 * The schemas the field at `path` inside `schema` may have: through objects, arrays, optional/default wrappers,
 * pipes (both ends) and unions (the option `value`, the input at this level, names; else every option).
 */
function fieldSchemas(schema: z.core.$ZodType, path: readonly PropertyKey[], value: unknown): z.core.$ZodType[] {
  const def = schema._zod.def as Def;
  if (path.length === 0) return [schema];
  if (def.innerType) return fieldSchemas(def.innerType, path, value);
  if (def.type === 'pipe') return [def.in!, def.out!].flatMap((s) => fieldSchemas(s, path, value));
  if (def.type === 'union') return picked(def, value).flatMap((s) => fieldSchemas(s, path, value));
  const [key, ...rest] = path;
  if (def.type === 'object' && typeof key === 'string' && Object.hasOwn(def.shape!, key)) return fieldSchemas(def.shape![key], rest, field(value, key));
  if (def.type === 'array' && typeof key === 'number') return fieldSchemas(def.element!, rest, field(value, key));
  return [];
}

/** The description (`.describe(...)`) of the field at `path`, when every schema it may have agrees on one. */
function descriptionOf(schema: z.core.$ZodType | undefined, path: readonly PropertyKey[], input: unknown): string | undefined {
  const found = new Set<string | undefined>();
  for (const candidate of schema ? fieldSchemas(schema, path, input) : []) {
    // The description may sit on the field or on what an .optional() or .default() wraps.
    let description: string | undefined;
    for (let s: z.core.$ZodType | undefined = candidate; s !== undefined && !description; s = (s._zod.def as Def).innerType) description = z.globalRegistry.get(s)?.description;
    found.add(description);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** What a left-out field is: its description when it has one, else what the issue expected. */
function whatItIs(issue: Issue, schema: z.core.$ZodType | undefined, input: unknown): string {
  const description = descriptionOf(schema, issue.path, input);
  if (description) return description;
  // A message of the schema's own (`expected a policy name (one of ...)`), else the expected type or values.
  if (!issue.message.startsWith('Invalid')) return issue.message.replace(/^expected /, '');
  if (issue.code === 'invalid_type') return typeNames[issue.expected] ?? `a ${issue.expected}`;
  if (issue.code === 'invalid_value') return `${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(formatValue).join(' | ')}`;
  return issue.message;
}

/** A field left out (no value at all, which JSON cannot give explicitly) rather than a wrong value. */
const missing = (issue: Issue) =>
  issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value') && 'input' in issue && issue.input === undefined;

/** The part after `path: ` for one issue. */
function describe(issue: Issue, schema?: z.core.$ZodType, input?: unknown): string {
  if (missing(issue)) return `required (${whatItIs(issue, schema, input)})`;
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
 * misspelled parameter lists the right spellings. A field left out reads `policy.f: required (...)`, with the
 * field's description (`.describe(...)`) when `schema` (the schema that parsed `input`) gives one.
 */
export function toConfigError(error: z.ZodError, prefix = '', knownKeys?: readonly string[], schema?: z.core.$ZodType, input?: unknown): ConfigError {
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
      issues.push({ path: joinPath(prefix, issue.path), message: describe(issue, schema, input) });
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
  if (!result.success) throw toConfigError(result.error, prefix, Object.keys(schema.shape), schema, input);
  return result.data;
}
