import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ByteReader } from '../src/byte-reader';
import { ByteWriter, varintBytes } from '../src/byte-writer';
import { MerkleError } from '../src/index';

describe('byte reader and writer', () => {
  test('varints and u32le round-trip, varints in minimal length', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 0xffff_ffff }), { maxLength: 20 }), (values) => {
        const writer = new ByteWriter(1);
        for (const value of values) {
          writer.varint(value);
          writer.u32le(value);
        }
        const bytes = writer.finish();
        expect(bytes.length).toBe(values.reduce((sum, value) => sum + varintBytes(value) + 4, 0));
        const reader = new ByteReader(bytes, 'test');
        for (const value of values) {
          expect(reader.varint('v')).toBe(value);
          expect(reader.u32le('u')).toBe(value);
        }
        reader.end();
      }),
    );
    expect(varintBytes(127)).toBe(1);
    expect(varintBytes(128)).toBe(2);
    expect(varintBytes(0xffff_ffff)).toBe(5);
  });

  test('reads past the end are MerkleErrors naming the format, field and offset', () => {
    const reader = new ByteReader(Uint8Array.of(1, 0x80), 'test format');
    expect(reader.u8('first')).toBe(1);
    expect(() => reader.varint('count')).toThrow(MerkleError);
    expect(() => new ByteReader(Uint8Array.of(1, 2), 'x').u32le('lane')).toThrow(/malformed x at byte 0: truncated: lane needs 4 bytes, 2 left/);
  });
});
