import { ConfigError } from './errors.js';

/**
 * The entry `name` of a rule registry (filters, aggregators, attacks), or a ConfigError at `<prefix>.name` that
 * lists the known names: one lookup, one message shape for every catalogue.
 */
export function lookup<E>(registry: Readonly<Record<string, E>>, kind: string, name: string, prefix: string): E {
  if (!Object.hasOwn(registry, name)) {
    throw ConfigError.at(`${prefix}.name`, `unknown ${kind} ${JSON.stringify(name)}; expected one of ${Object.keys(registry).join(', ')}`);
  }
  return registry[name];
}
