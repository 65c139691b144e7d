// Detection bound: how long after a crash every live member holds the crashed member down,
// from the tuning, the cluster size and the message loss. Pure math (as memberlist's
// `remainingSuspicionTime`), used by the README's guarantee and checked by the simulation test.
import type { GossipTuning } from './options.js';

/**
 * Rounds within which one piece of news pushed by gossip reaches all `clusterSize` members
 * with high probability:
 *
 *   R = ⌈log_{1+f'} n + 2 · ln n / f'⌉ + 1,   f' = fanout · (1 − loss) · min(1, (k − 1) / (n − 1))
 *
 * where k is `messageMembersMax` (a record rides in that share of messages when the list is
 * sent in windows). Push gossip with fan-out f informs everyone in log_{1+f} n + ln n / f + O(1)
 * rounds (Pittel 1987 for f = 1; Frieze & Grimmett 1985); the doubled ln n term and the + 1
 * are the margin that turns "on average" into "with high probability".
 */
export function spreadRounds(clusterSize: number, fanout: number, lossProbability: number, messageMembersMax = Infinity): number {
  const n = Math.max(2, clusterSize);
  const share = Math.min(1, (messageMembersMax - 1) / (n - 1));
  const effective = fanout * (1 - lossProbability) * share;
  return Math.ceil(Math.log(n) / Math.log(1 + effective) + (2 * Math.log(n)) / effective) + 1;
}

/**
 * The suspicion timeout in force for a list of `clusterSize` members, in ms: the configured one
 * while a message carries the whole list, stretched by ⌈(n − 1) / (k − 1)⌉ once messages carry
 * a window of k records — each record then travels that many times less often, and a
 * heartbeat that arrives less often must not look stalled.
 */
export function suspicionTimeoutFor(tuning: Pick<GossipTuning, 'suspicionTimeoutMs' | 'messageMembersMax'>, clusterSize: number): number {
  const stretch = Math.max(1, Math.ceil((clusterSize - 1) / (tuning.messageMembersMax - 1)));
  return tuning.suspicionTimeoutMs * stretch;
}

/**
 * The time from a member's crash until every live member holds it down, in ms (README.md,
 * "Guarantees and limits"), with I the gossip interval and T the suspicion timeout in force
 * (`suspicionTimeoutFor`):
 *
 *   B = T + (2R + 1) · I
 *
 * 1. The crashed member's last heartbeat reaches every live member within R rounds, so every
 *    stall clock for it has started by R · I after the crash.
 * 2. Stall clocks are checked once a round: every live member reports it stalled by R · I + T + I.
 * 3. Each member then holds its own report; any other member's report of the same heartbeat
 *    reaches it within R more rounds, which makes two: down everywhere by T + (2R + 1) · I.
 */
export function detectionBoundMs(
  tuning: Pick<GossipTuning, 'gossipIntervalMs' | 'fanout' | 'suspicionTimeoutMs' | 'messageMembersMax'>,
  clusterSize: number,
  lossProbability: number,
): number {
  const rounds = spreadRounds(clusterSize, tuning.fanout, lossProbability, tuning.messageMembersMax);
  return suspicionTimeoutFor(tuning, clusterSize) + (2 * rounds + 1) * tuning.gossipIntervalMs;
}
