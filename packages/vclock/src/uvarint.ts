// Unsigned LEB128 varints up to 2^53 − 1, the integer encoding inside a context token: small
// counters and lengths take one byte. Arithmetic, not bit operators, because JavaScript bit
// operators truncate to 32 bits. Decoding rejects overlong forms (a trailing 0x00 group), so
// each number has exactly one encoding.

/** Bytes `uvarintEncode` will write for `value`. */
export function uvarintBytes(value: number): number {
  let bytes = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    bytes++;
  }
  return bytes;
}

/** Writes `value` at `at`; returns the offset after it. */
export function uvarintEncode(value: number, out: Uint8Array, at: number): number {
  while (value >= 128) {
    out[at++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}

export interface UvarintRead {
  readonly value: number;
  readonly next: number;
}

/** Reads a canonical varint at `at`; returns a description of the problem instead of throwing. */
export function uvarintDecode(bytes: Uint8Array, at: number): UvarintRead | string {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return `truncated varint at byte ${at}`;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (byte === 0 && i > 0) return `overlong varint at byte ${at}`;
      if (!Number.isSafeInteger(value)) return `varint at byte ${at} exceeds 2^53 - 1`;
      return { value, next: at + i + 1 };
    }
    scale *= 128;
  }
  return `varint at byte ${at} is longer than 8 bytes`;
}
