// LevelFormat: the two byte representations LsmLevel declares to abstract-level ('view' and
// 'buffer'; every other encoding, utf8 and json included, is transcoded to 'view' by
// abstract-level). The engine speaks Uint8Array (its copies are pooled Buffers), so both formats
// are the same memory re-wrapped, never copied.

export type LevelFormat = 'view' | 'buffer';

/** Engine bytes in the representation abstract-level asked for. */
export function toFormat(bytes: Uint8Array, format: LevelFormat): Uint8Array {
  if (format === 'buffer') return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The engine hands out pooled Buffers; 'view' promises a plain Uint8Array (same memory, no copy).
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
