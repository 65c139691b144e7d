// Step outputs: what a call to `step(input, nowMs)` returns, as plain data the caller acts on
// (CONVENTIONS.md §1: riak_core's vnode returns what to do, the framework does it). The
// ordering rules the caller must follow are in the README ("The caller's loop").

/** Call `step({ type: 'timer', id }, now)` once `now ≥ atMs`. Ids are unique while armed. */
export interface TimerRequest {
  readonly id: string;
  readonly atMs: number;
}

/**
 * Stores the Replica wrote to during this step (synchronously, via the injected interfaces).
 * The caller makes those writes durable (e.g. one group commit) BEFORE sending any envelope of
 * the same output: an ack must never leave before the write it acknowledges is on disk.
 */
export interface PersistRequest {
  readonly replicaStore: boolean;
  readonly hintStore: boolean;
}
