// The varint of the context token (src/uvarint.ts): round trips at the byte boundaries and
// rejection of truncated, overlong and oversized forms.
import { describe, expect, it } from 'vitest';
import { uvarintBytes, uvarintDecode, uvarintEncode } from '../src/uvarint';

describe('uvarint (unsigned LEB128 up to 2^53 − 1)', () => {
  it('round trips at the byte boundaries', () => {
    for (const n of [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 32, 2 ** 49, Number.MAX_SAFE_INTEGER]) {
      const out = new Uint8Array(8);
      const end = uvarintEncode(n, out, 0);
      expect(end).toBe(uvarintBytes(n));
      expect(uvarintDecode(out.subarray(0, end), 0)).toEqual({ value: n, next: end });
    }
  });

  it('rejects truncated, overlong and oversized forms', () => {
    expect(uvarintDecode(new Uint8Array([0x80]), 0)).toMatch(/truncated/);
    expect(uvarintDecode(new Uint8Array([0x80, 0x00]), 0)).toMatch(/overlong/);
    expect(uvarintDecode(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x10]), 0)).toMatch(/2\^53/);
    expect(uvarintDecode(new Uint8Array(9).fill(0x80), 0)).toMatch(/longer than 8 bytes/);
  });
});

