// Byte helpers shared by every on-disk format in FORMAT.md: the unsigned byte order keys sort
// in, little-endian fixed-width integers (u64 as two u32 halves, because sequence numbers stay
// below 2^53), and LEB128 varints for lengths (at most 5 bytes: lengths are below 2^32).

import { badRequest } from './errors.js';

const utf8 = new TextEncoder();

/** Unsigned lexicographic order of two byte strings: the order of keys everywhere in the engine. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A key or value given as bytes or as a string (taken as UTF-8); anything else is BAD_REQUEST. */
export function toBytes(input: unknown, what: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') return utf8.encode(input);
  throw badRequest(`${what} must be a Uint8Array or a string, got ${input === null ? 'null' : typeof input}`);
}

export function writeU32(out: Uint8Array, at: number, value: number): number {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
  return at + 4;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** Writes a non-negative safe integer as u64le. */
export function writeU64(out: Uint8Array, at: number, value: number): number {
  writeU32(out, at, value % 0x1_0000_0000);
  return writeU32(out, at + 4, Math.floor(value / 0x1_0000_0000));
}

/** Reads a u64le; values above 2^53 - 1 are not produced by this engine and read as NaN-free lossy numbers. */
export function readU64(bytes: Uint8Array, at: number): number {
  return readU32(bytes, at) + readU32(bytes, at + 4) * 0x1_0000_0000;
}

/** Bytes a varint of `value` (< 2^32) takes. */
export function varintBytes(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;
}

/** Writes `value` (< 2^32) as an unsigned LEB128 varint; returns the offset after it. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  out[at++] = value;
  return at;
}

/**
 * Reads a varint at `cursor.at` into `cursor.value` and advances `cursor.at`. Returns false on a
 * truncated or over-long (> 5 bytes) varint, leaving the caller to report CORRUPTION with its
 * file and offset.
 */
export function readVarint(bytes: Uint8Array, cursor: { at: number; value: number }): boolean {
  let value = 0;
  let shift = 0;
  let at = cursor.at;
  for (let i = 0; i < 5; i++) {
    if (at >= bytes.length) return false;
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) {
      cursor.at = at;
      cursor.value = value;
      return value <= 0xffff_ffff;
    }
    shift += 7;
  }
  return false;
}

/** Lower-case hex of a byte string (manifest key bounds, error messages). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * A copy of `bytes` for a caller to keep. Small copies come from Node's shared Buffer pool
 * (`allocUnsafe`, then filled), which costs far less than a fresh ArrayBuffer per value.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(bytes.length);
  out.set(bytes);
  return out;
}
