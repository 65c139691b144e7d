// Format: FORMAT.md §Write batch
// WriteBatch: the payload of one commit-log record — the puts and deletes of one atomic write,
// with the sequence number of its first operation (FORMAT.md "Write batch"; LevelDB's
// WriteBatch rep). Recovery replays a batch whole or not at all, because the record framing
// around it (log-record.ts) is checksummed as one unit.
//
//   batch := firstSeq:u64le count:varint op*            (exactly `count` ops, nothing after)
//   op    := kind:u8 keyLength:varint key:bytes[keyLength]
//            [valueLength:varint value:bytes[valueLength]]   (only when kind = KIND_VALUE = 1)
//
// The i-th op (from 0) carries sequence number firstSeq + i. KIND_DELETE = 0 has no value.

import { readU64, readVarint, varintBytes, writeU64, writeVarint } from './bytes.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ } from './entry.js';
import type { EntryKind } from './entry.js';
import { assert, corruption } from './errors.js';

/** firstSeq:u64le. */
const FIRST_SEQ_BYTES = 8;
/** Shared by every decoded delete: a zero-length array cannot be mutated. */
const EMPTY = new Uint8Array(0);

export interface BatchOp {
  readonly kind: EntryKind;
  readonly key: Uint8Array;
  /** Empty for a delete. */
  readonly value: Uint8Array;
}

export interface DecodedWriteBatch {
  readonly firstSeq: number;
  /** Keys and values alias the decoded payload: copy to keep beyond it. */
  readonly ops: BatchOp[];
}

/** Encoded size of a batch of `ops`. */
export function writeBatchBytes(ops: readonly BatchOp[]): number {
  let total = FIRST_SEQ_BYTES + varintBytes(ops.length);
  for (const op of ops) total += opBytes(op);
  return total;
}

/** Encodes a batch into one exactly sized buffer. */
export function encodeWriteBatch(firstSeq: number, ops: readonly BatchOp[]): Uint8Array {
  assert(Number.isSafeInteger(firstSeq) && firstSeq >= 0, `firstSeq ${firstSeq} is not a sequence number`);
  assert(firstSeq + ops.length <= MAX_SEQ, 'batch sequence numbers overflow');
  const out = new Uint8Array(writeBatchBytes(ops));
  let at = writeU64(out, 0, firstSeq);
  at = writeVarint(out, at, ops.length);
  for (const op of ops) at = encodeOp(out, at, op);
  assert(at === out.length, 'write batch size mismatch');
  return out;
}

/**
 * Decodes a batch payload; any violation of the grammar (truncation, an unknown kind, trailing
 * bytes) is CORRUPTION naming `file` and `offset` (the offset of the payload in the file).
 */
export function decodeWriteBatch(payload: Uint8Array, file: string, offset: number): DecodedWriteBatch {
  const fail = (at: number, what: string) => corruption(file, offset + at, `write batch: ${what}`);
  if (payload.length < FIRST_SEQ_BYTES) throw fail(0, 'truncated sequence number');
  const firstSeq = readU64(payload, 0);
  const cursor = { at: FIRST_SEQ_BYTES, value: 0 };
  if (!readVarint(payload, cursor)) throw fail(cursor.at, 'bad op count');
  const count = cursor.value;
  if (firstSeq + count > MAX_SEQ) throw fail(0, 'sequence numbers overflow');
  // Every op takes at least 2 bytes (kind + key length): a count beyond that is damage.
  if (count > (payload.length - cursor.at) / 2) throw fail(cursor.at, `op count ${count} exceeds the payload`);
  const ops: BatchOp[] = new Array<BatchOp>(count);
  for (let i = 0; i < count; i++) ops[i] = decodeOp(payload, cursor, fail);
  if (cursor.at !== payload.length) throw fail(cursor.at, `${payload.length - cursor.at} trailing bytes`);
  return { firstSeq, ops };
}

function opBytes(op: BatchOp): number {
  let n = 1 + varintBytes(op.key.length) + op.key.length;
  if (op.kind === KIND_VALUE) n += varintBytes(op.value.length) + op.value.length;
  return n;
}

function encodeOp(out: Uint8Array, at: number, op: BatchOp): number {
  assert(op.kind === KIND_VALUE || op.kind === KIND_DELETE, `unknown op kind ${String(op.kind)}`);
  out[at++] = op.kind;
  at = writeVarint(out, at, op.key.length);
  out.set(op.key, at);
  at += op.key.length;
  if (op.kind === KIND_VALUE) {
    at = writeVarint(out, at, op.value.length);
    out.set(op.value, at);
    at += op.value.length;
  }
  return at;
}

function decodeOp(
  payload: Uint8Array,
  cursor: { at: number; value: number },
  fail: (at: number, what: string) => Error,
): BatchOp {
  const kindAt = cursor.at;
  if (kindAt >= payload.length) throw fail(kindAt, 'truncated op');
  const kind = payload[kindAt]!;
  if (kind !== KIND_VALUE && kind !== KIND_DELETE) throw fail(kindAt, `unknown op kind ${kind}`);
  cursor.at = kindAt + 1;
  const key = readSlice(payload, cursor, 'key', fail);
  const value = kind === KIND_VALUE ? readSlice(payload, cursor, 'value', fail) : EMPTY;
  return { kind, key, value };
}

/** Reads `length:varint bytes[length]` at the cursor. */
function readSlice(
  payload: Uint8Array,
  cursor: { at: number; value: number },
  what: string,
  fail: (at: number, what: string) => Error,
): Uint8Array {
  const lengthAt = cursor.at;
  if (!readVarint(payload, cursor)) throw fail(lengthAt, `bad ${what} length`);
  const start = cursor.at;
  if (cursor.value > payload.length - start) throw fail(lengthAt, `${what} runs past the payload`);
  cursor.at = start + cursor.value;
  return payload.subarray(start, cursor.at);
}
