// Output: what one `step` asks the caller to do, as plain data (CONVENTIONS.md §1). The caller
// does it in this order: persist, then send, then replace the timers, then handle the events
// (README.md, "The caller's loop").
import type { GossipMessage } from './message.js';
import type { MemberStatus, MemberView } from './member-view.js';

/** A message to send to an address, best effort (loss, delay and reordering are tolerated). */
export interface Envelope {
  readonly to: string;
  readonly message: GossipMessage;
}

/** A wake-up: call `step({ type: 'tick' }, t)` at (or after) `atMs`. */
export interface TimerRequest {
  readonly atMs: number;
}

/**
 * Our generation changed (the cluster declared our previous generation down or saw a newer
 * one): store it durably before sending this output's messages, and start from a higher one
 * after a restart.
 */
export interface PersistRequest {
  readonly generation: number;
}

/**
 * A change in membership as this member sees it. `joined`: a member entered our list (for
 * ourselves: the join completed); the other types are the member's new status. `up` also
 * reports a restart (a new generation), even if the member was never seen down.
 */
export interface GossipEvent {
  readonly type: 'joined' | MemberStatus;
  readonly member: MemberView;
}

export interface GossipOutput {
  readonly send: readonly Envelope[];
  /** All the wake-ups wanted now (zero or one), replacing those of earlier outputs. */
  readonly timers: readonly TimerRequest[];
  readonly events: readonly GossipEvent[];
  readonly persist?: PersistRequest;
}
