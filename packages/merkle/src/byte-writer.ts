// Byte writer: appends the primitives of the @kv/merkle wire formats (u8, u32le, LEB128 varint,
// raw bytes) to a growable buffer. Shared by the slice and entry-list encoders.
import { assert } from './errors';

export class ByteWriter {
  #bytes: Uint8Array;
  #length = 0;

  constructor(capacity = 64) {
    this.#bytes = new Uint8Array(Math.max(16, capacity));
  }

  #reserve(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, 2 * this.#bytes.length));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  u8(value: number): void {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xff, `u8 in range: ${value}`);
    this.#reserve(1);
    this.#bytes[this.#length++] = value;
  }

  u32le(value: number): void {
    this.#reserve(4);
    const b = this.#bytes;
    const at = this.#length;
    b[at] = value & 0xff;
    b[at + 1] = (value >>> 8) & 0xff;
    b[at + 2] = (value >>> 16) & 0xff;
    b[at + 3] = value >>> 24;
    this.#length += 4;
  }

  /** Unsigned LEB128, minimal length, value in 0..2^32 − 1 (1–5 bytes). */
  varint(value: number): void {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff, `varint in range: ${value}`);
    this.#reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.#bytes[this.#length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#bytes[this.#length++] = rest;
  }

  bytes(data: Uint8Array): void {
    this.#reserve(data.length);
    this.#bytes.set(data, this.#length);
    this.#length += data.length;
  }

  /** The bytes written so far, trimmed to length (a copy when the buffer has spare room). */
  finish(): Uint8Array {
    return this.#length === this.#bytes.length ? this.#bytes : this.#bytes.slice(0, this.#length);
  }
}

/** Bytes the minimal LEB128 encoding of `value` takes. */
export function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes++;
  return bytes;
}
