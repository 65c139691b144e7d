// Version negotiation (PROTOCOL.md, "Handshake"): the highest version in both ranges, or none.
import { describe, expect, it } from 'vitest';
import { negotiateVersion, protocolVersion, protocolVersionMin } from '../src/index.js';

describe('negotiateVersion', () => {
  it('speaks version 1 only, for now', () => {
    expect([protocolVersionMin, protocolVersion]).toEqual([1, 1]);
  });

  it('picks the highest version both ranges contain', () => {
    expect(negotiateVersion(1, 1)).toBe(1);
    expect(negotiateVersion(1, 5)).toBe(1);
  });

  it('returns undefined when the ranges do not overlap or the range is malformed', () => {
    expect(negotiateVersion(2, 5)).toBeUndefined();
    expect(negotiateVersion(0, 0)).toBeUndefined();
    expect(negotiateVersion(1, 0)).toBeUndefined();
    expect(negotiateVersion(Number.NaN, 1)).toBeUndefined();
    expect(negotiateVersion(0.5, 1.5)).toBeUndefined();
  });
});
