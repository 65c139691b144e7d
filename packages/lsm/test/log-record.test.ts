// Log records (FORMAT.md "Log records"): the worked byte example, round trips, and recovery's
// rule that reading stops at the first record that is cut short or fails its checksum — at
// every truncation point and for every single-bit flip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat } from './support/bytes.js';
import { crc32c } from '../src/checksum.js';
import { LsmError } from '../src/errors.js';
import {
  encodeRecord,
  encodeRecordInto,
  readRecords,
  RECORD_HEADER_BYTES,
  RECORD_PAYLOAD_BYTES_MAX,
  RECORD_VERSION_EDIT,
  RECORD_WRITE_BATCH,
  recordBytes,
} from '../src/log-record.js';
import type { RecordType } from '../src/log-record.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const utf8 = (s: string) => new TextEncoder().encode(s);


/** Three records of different sizes, with the end offset of each. */
function threeRecords() {
  const payloads = [utf8('first'), new Uint8Array(0), utf8('the third record, a little longer')];
  const encoded = payloads.map((p, i) => encodeRecord(i === 1 ? RECORD_VERSION_EDIT : RECORD_WRITE_BATCH, p));
  const ends: number[] = [];
  let end = 0;
  for (const e of encoded) ends.push((end += e.length));
  return { payloads, bytes: concat(encoded), ends };
}

describe('crc32c', () => {
  it('matches the standard check value and chains', () => {
    expect(crc32c(utf8('123456789'))).toBe(0xe3069283);
    const data = utf8('hello, world');
    expect(crc32c(data.subarray(5), crc32c(data.subarray(0, 5)))).toBe(crc32c(data));
  });
});

describe('log record encoding', () => {
  it('matches the worked example in FORMAT.md', () => {
    // crc32c over "03 00 00 00 01 61 62 63" = 0xdc060396; length 3; type 1; "abc".
    expect(hex(encodeRecord(RECORD_WRITE_BATCH, utf8('abc')))).toBe('96 03 06 dc 03 00 00 00 01 61 62 63');
  });

  it('encodes into a buffer at an offset', () => {
    const out = new Uint8Array(2 + recordBytes(3));
    expect(encodeRecordInto(out, 2, RECORD_WRITE_BATCH, utf8('abc'))).toBe(out.length);
    expect(out.subarray(2)).toEqual(encodeRecord(RECORD_WRITE_BATCH, utf8('abc')));
  });

  it('rejects payloads over 64 MiB and unknown types as programmer errors', () => {
    expect(() => encodeRecord(RECORD_WRITE_BATCH, new Uint8Array(RECORD_PAYLOAD_BYTES_MAX + 1))).toThrow(/assertion/);
    expect(() => encodeRecord(9 as RecordType, utf8('x'))).toThrow(/assertion/);
  });

  it('round-trips any sequence of records', () => {
    const record = fc.record({
      type: fc.constantFrom<RecordType>(RECORD_WRITE_BATCH, RECORD_VERSION_EDIT),
      payload: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const bytes = concat(records.map((r) => encodeRecord(r.type, r.payload)));
        const read = readRecords(bytes, 'LOG');
        expect(read.tornBytes).toBe(0);
        expect(read.validBytes).toBe(bytes.length);
        expect(read.records.map((r) => ({ type: r.type, payload: r.payload }))).toEqual(records);
        let offset = 0;
        for (const [i, r] of read.records.entries()) {
          expect(r.offset).toBe(offset);
          offset += recordBytes(records[i]!.payload.length);
        }
      }),
      { seed: 1, numRuns: 200 },
    );
  });
});

describe('reading a log with a torn tail', () => {
  it('reads an empty file as no records', () => {
    expect(readRecords(new Uint8Array(0), 'LOG')).toEqual({ records: [], validBytes: 0, tornBytes: 0 });
  });

  it('keeps exactly the complete records at every truncation point', () => {
    const { bytes, ends } = threeRecords();
    for (let cut = 0; cut <= bytes.length; cut++) {
      const read = readRecords(bytes.subarray(0, cut), 'LOG');
      const complete = ends.filter((end) => end <= cut);
      expect(read.records.length).toBe(complete.length);
      expect(read.validBytes).toBe(complete.at(-1) ?? 0);
      expect(read.tornBytes).toBe(cut - read.validBytes);
    }
  });

  it('treats any bit flip in the last record as a torn tail', () => {
    const { bytes, ends } = threeRecords();
    const start = ends[1]!;
    for (let at = start; at < bytes.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = bytes.slice();
        damaged[at]! ^= 1 << bit;
        const read = readRecords(damaged, 'LOG');
        expect(read.records.length).toBe(2);
        expect(read.validBytes).toBe(start);
        expect(read.tornBytes).toBe(bytes.length - start);
      }
    }
  });

  it('stops at a damaged earlier record', () => {
    const { bytes, ends } = threeRecords();
    for (let at = 0; at < ends[0]!; at++) {
      const damaged = bytes.slice();
      damaged[at]! ^= 0x10;
      const read = readRecords(damaged, 'LOG');
      expect(read.records.length).toBe(0);
      expect(read.tornBytes).toBe(bytes.length);
    }
  });

  it('treats a zero-filled tail as torn', () => {
    const { bytes, ends } = threeRecords();
    const read = readRecords(concat([bytes, new Uint8Array(4096)]), 'LOG');
    expect(read.records.length).toBe(3);
    expect(read.validBytes).toBe(ends[2]);
    expect(read.tornBytes).toBe(4096);
  });

  it('reports an unknown record type with a valid checksum as CORRUPTION at its offset', () => {
    const good = encodeRecord(RECORD_WRITE_BATCH, utf8('ok'));
    const alien = encodeRecord(RECORD_WRITE_BATCH, utf8('??'));
    alien[8] = 7;
    alien.set(u32le(crc32c(alien.subarray(4))), 0);
    const read = () => readRecords(concat([good, alien]), '000007.log');
    expect(read).toThrow(LsmError);
    expect(read).toThrow(`000007.log @ ${good.length}: unknown log record type 7`);
    expect(RECORD_HEADER_BYTES).toBe(9);
  });
});

function u32le(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]);
}
