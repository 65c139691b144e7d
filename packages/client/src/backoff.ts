// Backoff: how long to wait before the next dial, exponential with full jitter (AWS
// architecture blog, "Exponential Backoff And Jitter": sleep = random(0, min(cap, base · 2^n))).
// Full jitter spreads a crowd of clients that lost the same node over the whole window, so they
// do not return in lockstep. Pure math, split out (CONVENTIONS.md §6) and tested on its own.
import { unitInterval, type Random } from './random.js';

export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** The ceiling of retry `attempt` (0 = first retry): min(maxDelayMs, initialDelayMs · 2^attempt). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  // The exponent stops at 53: 2^1024 is Infinity, and 0 · Infinity would be NaN.
  const exponent = Math.min(Math.max(0, attempt), 53);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}

/** A delay drawn uniformly from [0, ceiling), in whole ms. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: Random): number {
  return Math.floor(unitInterval(random) * backoffCeilingMs(attempt, policy));
}
