// Join backoff: how long a joining member waits before asking its seeds again. Exponential
// (seeds that are still starting are not hammered) with "equal jitter" (members started
// together do not retry in lockstep), capped. Pure math, split out so it can be tested alone.
import type { Random } from './random.js';
import { randomBelow } from './random.js';

/**
 * The wait after join attempt `attempt` (1 for the first), in ms: half of
 * `min(retryMs × 2^(attempt−1), retryMsMax)` plus a random part of up to the other half.
 */
export function joinRetryDelayMs(attempt: number, retryMs: number, retryMsMax: number, random: Random): number {
  const ceiling = Math.min(retryMs * 2 ** Math.min(attempt - 1, 40), retryMsMax);
  const half = Math.floor(ceiling / 2);
  return ceiling - half + randomBelow(random, half + 1);
}
