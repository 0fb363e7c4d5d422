/** One problem found in a config: where, what was given, what was expected. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `policy.rho` or `byzantine.count`. */
  readonly path: string;
  readonly message: string;
}

/** A config (or rule parameter) that cannot run. Thrown before any work starts. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'));
    this.name = 'ConfigError';
  }

  /** A single-issue error, e.g. `ConfigError.at('policy.f', 'expected n > 2f + 2 (n = 10), got 4')`. */
  static at(path: string, message: string): ConfigError {
    return new ConfigError([{ path, message }]);
  }
}

/**
 * A rule's precondition on the vectors it was given does not hold (Krum's n > 2f + 2 after non-finite vectors
 * were dropped, every vector non-finite, ...). The one error a server may answer by skipping a round; any other
 * error from a rule is a bug and stops the run. A ConfigError, so a precondition that fails on the configured n
 * before any work reads like any other config mistake.
 */
export class PreconditionError extends ConfigError {
  constructor(issues: readonly ConfigIssue[]) {
    super(issues);
    this.name = 'PreconditionError';
  }

  static override at(path: string, message: string): PreconditionError {
    return new PreconditionError([{ path, message }]);
  }
}

/** Something went wrong inside a running simulation; says where in virtual time it happened. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly where: { time: number; seq: number; actor: number; kind: string },
    options?: { cause?: unknown },
  ) {
    super(`${message} (at t=${where.time}, seq=${where.seq}, actor=${where.actor}, event=${where.kind})`, options);
    this.name = 'SimulationError';
  }
}

/**
 * A problem with the user's files, folders or command line (a missing config file, an output path that is a
 * file, a folder another sweep is using): reported in one line, before any work where possible.
 */
export class InputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}
