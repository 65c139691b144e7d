// The real clock and randomness the sans-IO machines are given on a node (they never read
// either themselves): a monotonic millisecond clock anchored at the epoch, and a Random whose
// words come from the OS's CSPRNG in batches.
import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** Milliseconds, never going backwards (performance.now) but near the epoch (timeOrigin). */
export function monotonicNowMs(): number {
  return performance.timeOrigin + performance.now();
}

const words = new Uint32Array(1024);
let next = words.length;

export const cryptoRandom = {
  nextU32(): number {
    if (next === words.length) {
      randomFillSync(words);
      next = 0;
    }
    return words[next++]!;
  },
};
