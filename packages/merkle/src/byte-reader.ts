// Byte reader: reads the primitives of the @kv/merkle wire formats from untrusted bytes with a
// bounds check on every read. Anything malformed (truncated, an overlong or over-large varint)
// is a MerkleError BAD_REQUEST that names the format and the offset.
import type { MerkleError } from './errors';
import { badRequest } from './errors';

export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #what: string;
  #offset = 0;

  /** `what` names the format in error messages, e.g. "level slice". */
  constructor(bytes: Uint8Array, what: string) {
    if (!(bytes instanceof Uint8Array)) throw badRequest(`${what} must be a Uint8Array, got ${typeof bytes}`);
    this.#bytes = bytes;
    this.#what = what;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  /** A MerkleError naming the format and the current offset. */
  error(message: string): MerkleError {
    return badRequest(`malformed ${this.#what} at byte ${this.#offset}: ${message}`);
  }

  #need(count: number, field: string): void {
    if (this.remaining < count) {
      throw this.error(`truncated: ${field} needs ${count} bytes, ${this.remaining} left`);
    }
  }

  u8(field: string): number {
    this.#need(1, field);
    return this.#bytes[this.#offset++] ?? 0;
  }

  u32le(field: string): number {
    this.#need(4, field);
    const b = this.#bytes;
    const at = this.#offset;
    this.#offset += 4;
    return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
  }

  /** Unsigned LEB128 in 0..2^32 − 1, minimal length only (so every value has one encoding). */
  varint(field: string): number {
    const start = this.#offset;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      this.#need(1, field);
      const byte = this.#bytes[this.#offset++] ?? 0;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0 && i > 0) throw this.#varintError(start, field, 'not minimal');
        if (value > 0xffff_ffff) throw this.#varintError(start, field, 'exceeds 2^32 − 1');
        return value;
      }
      scale *= 0x80;
    }
    throw this.#varintError(start, field, 'longer than 5 bytes');
  }

  #varintError(start: number, field: string, why: string): MerkleError {
    return badRequest(`malformed ${this.#what} at byte ${start}: varint ${field} ${why}`);
  }

  /** The next `count` bytes, copied (decoded values never pin the message buffer). */
  bytes(count: number, field: string): Uint8Array {
    this.#need(count, field);
    const out = this.#bytes.slice(this.#offset, this.#offset + count);
    this.#offset += count;
    return out;
  }

  /** Throws unless every byte was consumed. */
  end(): void {
    if (this.remaining !== 0) throw this.error(`${this.remaining} trailing bytes`);
  }
}
