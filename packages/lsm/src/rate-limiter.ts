// RateLimiter: the token bucket that throttles compaction writes to a byte budget per second, so
// background merging never starves foreground IO. Time comes from the injected Scheduler, so the
// simulator can run it in virtual time.

import type { Scheduler } from './file-system.js';

export class RateLimiter {
  private tokens: number;
  private lastMs: number;
  private waitedMs = 0;

  /** `bytesPerSecond` = Infinity disables throttling. Bursts up to one second's budget. */
  constructor(
    private readonly scheduler: Scheduler,
    private readonly bytesPerSecond: number,
  ) {
    this.tokens = Number.isFinite(bytesPerSecond) ? bytesPerSecond : 0;
    this.lastMs = scheduler.nowMs();
  }

  /** Total time callers spent waiting for budget. */
  get throttledMs(): number {
    return this.waitedMs;
  }

  /** Resolves once `bytes` of budget is available (immediately when unthrottled). */
  async take(bytes: number): Promise<void> {
    if (!Number.isFinite(this.bytesPerSecond)) return;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.bytesPerSecond) * 1000);
    this.waitedMs += waitMs;
    await new Promise<void>((resolve) => this.scheduler.setTimer(resolve, waitMs));
    this.refill();
  }

  private refill(): void {
    const now = this.scheduler.nowMs();
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.lastMs) / 1000) * this.bytesPerSecond);
    this.lastMs = now;
  }
}
