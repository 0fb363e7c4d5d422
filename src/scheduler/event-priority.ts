/**
 * Tie-break ranks for events at the same virtual tick: lower runs first. Events are ordered by
 * (time, priority, actor, seq), so these ranks decide what the server sees first within one tick: arrivals are
 * applied before the validator refreshes, and a worker that pulls at the same tick reads the updated model.
 * Callers may pass any integer (RxJS timers and bookkeeping take their view's rank); these names only keep the
 * common ranks in one place.
 */
export const EventPriority = {
  /** A gradient (or other message) reaches the server. */
  arrival: 0,
  /** The validator's reference result becomes available to the server. */
  validation: 1,
  /** A worker reads the current model and starts a step. */
  pull: 2,
} as const;

/** One of the named ranks in {@link EventPriority}. */
export type EventPriorityName = keyof typeof EventPriority;
