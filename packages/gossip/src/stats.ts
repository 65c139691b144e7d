// Stats: counters of one Gossip instance, for metrics and tests. Malformed input shows up here
// rather than as an exception.

export interface GossipStats {
  /** Gossip rounds run (heartbeats bumped, plus leave rounds). */
  readonly rounds: number;
  readonly messagesSent: number;
  /** Valid messages received and applied. */
  readonly messagesReceived: number;
  /** Messages that broke the grammar (not an object, a bad field, too many records…). */
  readonly messagesDroppedMalformed: number;
  /** Well-formed envelopes with a protocol version we do not speak. */
  readonly messagesDroppedVersion: number;
  /** Messages that arrived before `start` or after we left. */
  readonly messagesDroppedNotRunning: number;
  /** Incoming records that changed our list. */
  readonly recordsApplied: number;
  /** New members refused because the list held `membersMax`. */
  readonly membersRefused: number;
  /** Times we began to suspect a member. */
  readonly suspicionsRaised: number;
  /** Suspected members whose heartbeat then advanced. */
  readonly refutations: number;
  /** Down decisions we made ourselves (`downConfirmations` reporters seen). */
  readonly downsDecided: number;
  /** Times we took a new generation because the cluster held ours down. */
  readonly rebirths: number;
  readonly joinAttempts: number;
  /** Rounds that ran more than a gossip interval late (we were paused; stall clocks shifted). */
  readonly pausesDetected: number;
  /** `left` members forgotten after `leftRetentionMs`. */
  readonly leftForgotten: number;
}

export type MutableStats = { -readonly [K in keyof GossipStats]: number };

export function emptyStats(): MutableStats {
  return {
    rounds: 0,
    messagesSent: 0,
    messagesReceived: 0,
    messagesDroppedMalformed: 0,
    messagesDroppedVersion: 0,
    messagesDroppedNotRunning: 0,
    recordsApplied: 0,
    membersRefused: 0,
    suspicionsRaised: 0,
    refutations: 0,
    downsDecided: 0,
    rebirths: 0,
    joinAttempts: 0,
    pausesDetected: 0,
    leftForgotten: 0,
  };
}
