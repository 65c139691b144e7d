// The detection-time bound (README.md "Guarantees and limits"), as pure math: the figures the
// README quotes, and how the bound moves with its inputs.
import { describe, expect, test } from 'vitest';
import { detectionBoundMs, gossipDefaults, lanDefaults, spreadRounds, suspicionTimeoutFor, wanDefaults } from '../src/index.js';

describe('spreadRounds: rounds for news to reach every member by push gossip', () => {
  test('50 members, fanout 3, 10 % loss: ⌈log₃.₇ 50 + 2 ln 50 / 2.7⌉ + 1 = 7', () => {
    expect(spreadRounds(50, 3, 0.1)).toBe(7);
  });

  test('grows with the cluster and the loss, shrinks with the fanout', () => {
    expect(spreadRounds(500, 3, 0.1)).toBeGreaterThan(spreadRounds(50, 3, 0.1));
    expect(spreadRounds(50, 3, 0.3)).toBeGreaterThan(spreadRounds(50, 3, 0.1));
    expect(spreadRounds(50, 6, 0.1)).toBeLessThan(spreadRounds(50, 3, 0.1));
  });

  test('a window of k records per message slows news by (n − 1) / (k − 1)', () => {
    expect(spreadRounds(50, 3, 0.1, 8)).toBeGreaterThan(4 * spreadRounds(50, 3, 0.1));
    expect(spreadRounds(50, 3, 0.1, 256)).toBe(spreadRounds(50, 3, 0.1));
  });
});

describe('suspicionTimeoutFor and detectionBoundMs', () => {
  test('the LAN defaults at 50 members and 10 % loss: B = 5 s + (2 × 7 + 1) × 1 s = 20 s', () => {
    expect(suspicionTimeoutFor(gossipDefaults, 50)).toBe(5000);
    expect(detectionBoundMs(gossipDefaults, 50, 0.1)).toBe(20_000);
  });

  test('lossless LAN and the WAN preset', () => {
    expect(detectionBoundMs(lanDefaults, 50, 0)).toBe(5000 + (2 * spreadRounds(50, 3, 0) + 1) * 1000);
    expect(detectionBoundMs(wanDefaults, 50, 0.1)).toBe(20_000 + (2 * spreadRounds(50, 4, 0.1) + 1) * 1000);
  });

  test('past messageMembersMax the suspicion timeout stretches with the window', () => {
    expect(suspicionTimeoutFor({ suspicionTimeoutMs: 5000, messageMembersMax: 8 }, 50)).toBe(35_000);
    expect(suspicionTimeoutFor({ suspicionTimeoutMs: 5000, messageMembersMax: 8 }, 8)).toBe(5000);
  });
});
