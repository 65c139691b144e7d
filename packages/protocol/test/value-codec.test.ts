// The SDK's value codec: plain CBOR any reader understands, and KvError on bytes that are not
// one CBOR item.
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../src/index.js';
import { fromHex, hex } from './support/frames.js';

describe('encodeValue / decodeValue', () => {
  it('writes plain RFC 8949 CBOR (no cbor-x records or tags for plain data)', () => {
    // {"n": 1, "b": h'0102'} = a2 61 6e 01 61 62 42 0102
    expect(hex(encodeValue({ n: 1, b: new Uint8Array([1, 2]) }))).toBe('a2616e016162420102');
    expect(hex(encodeValue('é'))).toBe('62c3a9');
    expect(hex(encodeValue([1, true, null]))).toBe('8301f5f6');
  });

  it('round-trips JSON-like values, byte strings, bigint, Date and undefined', () => {
    const value = { s: 'x', n: -1.5, big: 2 ** 40, huge: 10n ** 18n, bytes: new Uint8Array([9]), when: new Date(0), nothing: undefined, list: [1, [2]] };
    expect(decodeValue(encodeValue(value))).toEqual(value);
  });

  it('reads CBOR written by other encoders', () => {
    // RFC 8949 Appendix A: [1, [2, 3], [4, 5]] and {"a": 1, "b": [2, 3]}
    expect(decodeValue(fromHex('8301820203820405'))).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeValue(fromHex('a26161016162820203'))).toEqual({ a: 1, b: [2, 3] });
  });

  it('throws KvError BAD_REQUEST on bytes that are not exactly one CBOR item', () => {
    for (const bad of ['', 'ff', '8201', '0101']) {
      expect(() => decodeValue(fromHex(bad))).toThrow(expect.objectContaining({ name: 'KvError', code: 'BAD_REQUEST' }) as Error);
    }
  });
});
