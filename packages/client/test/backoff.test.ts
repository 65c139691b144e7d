// Backoff: exponential ceilings capped at maxDelayMs, full jitter drawn below the ceiling from
// the injected random source (AWS "Exponential Backoff And Jitter").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs } from '../src/index.js';

const policy = { initialDelayMs: 100, maxDelayMs: 5_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt up to maxDelayMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50, 5_000].map((n) => backoffCeilingMs(n, policy))).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
  });

  it('draws the delay uniformly below the ceiling: 0 for the lowest draw, ceiling − 1 for the highest', () => {
    expect(backoffDelayMs(3, policy, { nextU32: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, policy, { nextU32: () => 2 ** 32 - 1 })).toBe(799);
    expect(backoffDelayMs(3, policy, { nextU32: () => 2 ** 31 })).toBe(400);
  });

  it('stays in [0, ceiling) for every draw and attempt', () => {
    fc.assert(
      fc.property(fc.nat(2_000), fc.nat({ max: 2 ** 32 - 1 }), fc.nat(10_000), fc.nat(100_000), (attempt, draw, initialDelayMs, extraMs) => {
        const p = { initialDelayMs, maxDelayMs: initialDelayMs + extraMs };
        const delay = backoffDelayMs(attempt, p, { nextU32: () => draw });
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.max(0, backoffCeilingMs(attempt, p) - 1));
      }),
    );
  });

  it('treats a broken random source as the lowest draw rather than a negative or huge delay', () => {
    expect(backoffDelayMs(2, policy, { nextU32: () => -5 })).toBe(0);
    expect(backoffDelayMs(2, policy, { nextU32: () => Number.NaN })).toBe(0);
  });
});
