// LevelFormat: the two byte representations LsmLevel declares to abstract-level ('view' and
// 'buffer'; every other encoding, utf8 and json included, is transcoded to 'view' by
// abstract-level). The engine speaks Uint8Array, so 'view' passes through and 'buffer' wraps the
// same memory in a Buffer without copying.

export type LevelFormat = 'view' | 'buffer';

/** Engine bytes in the representation abstract-level asked for. */
export function toFormat(bytes: Uint8Array, format: LevelFormat): Uint8Array {
  return format === 'buffer' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}
