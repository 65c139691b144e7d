// Key sizes: string keys count their UTF-8 bytes (what the node's pair limit compares), and
// validateKey applies the key rules nodes and clients share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyBytes, pairBytes, validateKey } from '../src/index.js';

describe('keyBytes and pairBytes', () => {
  it('count UTF-8 bytes of string keys and the length of byte keys', () => {
    expect(keyBytes('abc')).toBe(3);
    expect(keyBytes('é')).toBe(2);
    expect(keyBytes('€')).toBe(3);
    expect(keyBytes('😀')).toBe(4);
    expect(keyBytes(new Uint8Array(7))).toBe(7);
    expect(pairBytes('é', new Uint8Array(10))).toBe(12);
  });

  it('agree with TextEncoder for any string', () => {
    const encoder = new TextEncoder();
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => keyBytes(text) === encoder.encode(text).length));
  });
});

describe('validateKey', () => {
  it('accepts 1..1024-byte keys and refuses the rest with BAD_REQUEST', () => {
    expect(validateKey('k')).toBe('k');
    expect(validateKey('é'.repeat(512))).toBe('é'.repeat(512));
    expect(() => validateKey('')).toThrow('key must have 1..1024 bytes, has 0');
    expect(() => validateKey('é'.repeat(512) + 'x')).toThrow('has 1025');
    expect(() => validateKey(new Uint8Array(1025))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }) as Error);
    expect(() => validateKey(42)).toThrow('key must be a string or a byte string');
  });
});
