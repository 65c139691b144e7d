// Join retries back off exponentially with equal jitter, capped (join-backoff.ts).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { joinRetryDelayMs } from '../src/join-backoff.js';
import { random } from './support/records.js';

test('attempt n waits in [c/2, c] with c = min(retryMs × 2^(n−1), retryMsMax)', () => {
  const r = random(5);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (attempt, retryMs, extra) => {
      const max = retryMs + extra;
      const ceiling = Math.min(retryMs * 2 ** Math.min(attempt - 1, 40), max);
      const delay = joinRetryDelayMs(attempt, retryMs, max, r);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(Number.isInteger(delay)).toBe(true);
    }),
  );
});

test('the jitter spreads members that retry together', () => {
  const r = random(9);
  const delays = new Set(Array.from({ length: 50 }, () => joinRetryDelayMs(3, 1000, 30_000, r)));
  expect(delays.size).toBeGreaterThan(40);
});
