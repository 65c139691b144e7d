// CBOR: the one place this package talks to cbor-x. Frames and SDK values are plain RFC 8949
// CBOR: maps with text keys, byte strings (major type 2) for bytes, integers as integers, no
// cbor-x record or typed-array extensions, so any CBOR library reads them (PROTOCOL.md,
// "Encoding"). cbor-x writes `undefined` as simple value 23 and safe integers of 2^32 and more
// as float64, so values pass through `toWire` first: undefined fields are dropped and large
// integers go out as (u)int64.
import { Decoder, Encoder } from 'cbor-x';

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });

// copyBuffers: decoded byte strings are copies, not views of the input, so a stored value never
// pins a whole frame in memory and a transport may reuse its receive buffer.
// Frames: int64AsNumber makes 64-bit integers decode to numbers (a validator then rejects the
// unsafe ones), never to bigint, which no message field can hold.
const frameDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, copyBuffers: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);
// SDK values: 64-bit integers decode to bigint, so a bigint value round-trips.
const valueDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, copyBuffers: true });

export type CborResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Encodes a frame: undefined fields dropped, large integers as integers. */
export function encodeCbor(value: unknown): Uint8Array {
  return plainBytes(encoder.encode(toWire(value)));
}

/** Encodes an SDK value as cbor-x does (undefined stays undefined, bigint stays bigint). */
export function encodeValueCbor(value: unknown): Uint8Array {
  return plainBytes(encoder.encode(value));
}

/**
 * `bytes` as a plain Uint8Array over the same memory (cbor-x hands out Node Buffers, a
 * subclass), so results compare equal and behave the same in Node and in browsers.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Decodes exactly one CBOR item filling all of `bytes`; never throws. */
export function decodeCbor(bytes: Uint8Array, kind: 'frame' | 'value' = 'frame'): CborResult {
  if (bytes.length === 0) return { ok: false, message: 'empty input' };
  try {
    const decoder = kind === 'frame' ? frameDecoder : valueDecoder;
    return { ok: true, value: decoder.decode(bytes) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'undecodable CBOR' };
  }
}

/** Whether `value` is a map as the decoder builds it: an object with the plain prototype. */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const uint32Max = 0xffff_ffff;

/**
 * `value` without undefined object fields and with safe integers ≥ 2^32 as bigint: the value
 * itself when it has neither (the common case: checking allocates nothing), else a copy.
 */
function toWire(value: unknown): unknown {
  return needsRewrite(value) ? rewrite(value) : value;
}

function needsRewrite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value) && (value > uint32Max || value < -uint32Max - 1);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (needsRewrite(item)) return true;
    return false;
  }
  if (!isPlainObject(value)) return false;
  for (const name in value) {
    const field = value[name];
    if (field === undefined || needsRewrite(field)) return true;
  }
  return false;
}

function rewrite(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && (value > uint32Max || value < -uint32Max - 1) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (field !== undefined) out[name] = toWire(field);
  }
  return out;
}
