// Format: FORMAT.md §Log records
// LogRecord: the framing of every record in the commit log and the manifest (FORMAT.md "Log
// records"; leveldb doc/log_format.md without its 32 KiB blocks). A record carries a checksum
// and a length so recovery can tell where the last complete write ended: whatever follows it is
// a torn tail from a crash, and is dropped.
//
//   record := crc32c:u32le length:u32le type:u8 payload:bytes[length]
//
// The crc32c covers the length field, the type byte and the payload (every byte after the crc).
// A record never spans files. Types are explicit numbers, never reused.

import { crc32c } from './checksum.js';
import { readU32, writeU32 } from './bytes.js';
import { assert, corruption } from './errors.js';

/** A commit-log record: one WriteBatch (write-batch.ts). */
export const RECORD_WRITE_BATCH = 1;
/** A manifest record: one VersionEdit. */
export const RECORD_VERSION_EDIT = 2;
export type RecordType = typeof RECORD_WRITE_BATCH | typeof RECORD_VERSION_EDIT;

/** crc32c:u32 + length:u32 + type:u8. */
export const RECORD_HEADER_BYTES = 9;
/** Largest payload one record may carry: 64 MiB (a log never outgrows its memtable). */
export const RECORD_PAYLOAD_BYTES_MAX = 64 * 1024 * 1024;

export interface LogRecord {
  readonly type: RecordType;
  /** Aliases the bytes given to readRecords: copy to keep beyond them. */
  readonly payload: Uint8Array;
  /** Byte offset of the record's header in the file. */
  readonly offset: number;
}

export interface ReadRecordsResult {
  readonly records: LogRecord[];
  /** Bytes from the start of the file through the end of the last intact record. */
  readonly validBytes: number;
  /** Bytes after the last intact record: a torn write (or damage) that recovery drops. */
  readonly tornBytes: number;
}

/** Bytes the framed record of a `payloadLength`-byte payload takes. */
export function recordBytes(payloadLength: number): number {
  return RECORD_HEADER_BYTES + payloadLength;
}

/** Encodes one record into a new buffer. */
export function encodeRecord(type: RecordType, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(recordBytes(payload.length));
  encodeRecordInto(out, 0, type, payload);
  return out;
}

/** Encodes one record into `out` at `at`; returns the offset just after it. */
export function encodeRecordInto(out: Uint8Array, at: number, type: RecordType, payload: Uint8Array): number {
  assert(isRecordType(type), `unknown record type ${type}`);
  assert(payload.length <= RECORD_PAYLOAD_BYTES_MAX, `record payload of ${payload.length} bytes exceeds 64 MiB`);
  assert(at + recordBytes(payload.length) <= out.length, 'record does not fit its buffer');
  writeU32(out, at + 4, payload.length);
  out[at + 8] = type;
  out.set(payload, at + RECORD_HEADER_BYTES);
  const end = at + RECORD_HEADER_BYTES + payload.length;
  writeU32(out, at, crc32c(out.subarray(at + 4, end)));
  return end;
}

/**
 * Reads the records of a whole log file in order. Reading stops at the first record whose header
 * is cut short, whose length runs past the end of `bytes`, or whose checksum does not match:
 * from there on is the torn tail. A record with a valid checksum but an unknown type is
 * CORRUPTION (a format this build does not know), not a torn tail.
 */
export function readRecords(bytes: Uint8Array, file: string): ReadRecordsResult {
  const records: LogRecord[] = [];
  let at = 0;
  while (bytes.length - at >= RECORD_HEADER_BYTES) {
    const length = readU32(bytes, at + 4);
    if (length > RECORD_PAYLOAD_BYTES_MAX || length > bytes.length - at - RECORD_HEADER_BYTES) break;
    const end = at + RECORD_HEADER_BYTES + length;
    if (crc32c(bytes.subarray(at + 4, end)) !== readU32(bytes, at)) break;
    const type = bytes[at + 8]!;
    if (!isRecordType(type)) throw corruption(file, at, `unknown log record type ${type}`);
    records.push({ type, payload: bytes.subarray(at + RECORD_HEADER_BYTES, end), offset: at });
    at = end;
  }
  return { records, validBytes: at, tornBytes: bytes.length - at };
}

function isRecordType(type: number): type is RecordType {
  return type === RECORD_WRITE_BATCH || type === RECORD_VERSION_EDIT;
}
