import { ConfigError } from './errors.js';

/**
 * Adds an entry to a catalogue table (filters, aggregators, attacks, timing models), so configs, sweeps and
 * `byzsim list` can name it like a built-in one. Refuses to replace an existing name.
 */
export function register<E>(registry: Record<string, E>, kind: string, name: string, entry: E): void {
  if (Object.hasOwn(registry, name)) throw new Error(`a ${kind} named ${JSON.stringify(name)} is already registered`);
  if (!/^[a-z0-9][a-z0-9+._-]*$/i.test(name)) throw new Error(`${kind} name ${JSON.stringify(name)}: use letters, digits and + . _ -`);
  registry[name] = entry;
}

/**
 * The entry `name` of a catalogue table, or a ConfigError at `<prefix>.name` that lists the known names: one
 * lookup, one message shape for every catalogue.
 */
export function lookup<E>(registry: Readonly<Record<string, E>>, kind: string, name: string, prefix: string): E {
  if (!Object.hasOwn(registry, name)) {
    throw ConfigError.at(`${prefix}.name`, `unknown ${kind} ${JSON.stringify(name)}; expected one of ${Object.keys(registry).join(', ')}`);
  }
  return registry[name];
}
