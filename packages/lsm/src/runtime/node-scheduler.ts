// NodeScheduler: the Scheduler seam (file-system.ts) over Node's clock and timers, for running
// the engine in a real process. The simulator supplies its own virtual-time Scheduler instead;
// this file is the greppable escape hatch for performance.now / setTimeout / setImmediate.

import type { Scheduler } from '../file-system.js';

export const nodeScheduler: Scheduler = {
  /** Monotonic milliseconds (never jumps with wall-clock adjustments). */
  nowMs: () => performance.now(),
  setTimer(fn: () => void, delayMs: number): () => void {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
  yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
};
