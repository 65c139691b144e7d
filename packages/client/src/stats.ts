// Stats: counters of what the client did, for tests, logs and dashboards. Traffic counters are
// shared by every connection of one client, so they survive reconnects.

/** Mutable counters the outbox and the connections add to. */
export interface TrafficCounters {
  framesSent: number;
  messagesSent: number;
  /** Replies that came after their call had timed out (dropped). */
  lateReplies: number;
}

export interface ClientStats extends Readonly<TrafficCounters> {
  /** Calls sent on the current connection and not answered yet. */
  readonly inFlight: number;
  /** Calls waiting for a connection or a pipeline slot. */
  readonly queued: number;
  /** Welcomes received (1 = never reconnected). */
  readonly connects: number;
}

export function newTrafficCounters(): TrafficCounters {
  return { framesSent: 0, messagesSent: 0, lateReplies: 0 };
}
