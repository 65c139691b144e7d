// EngineKey: the order-preserving escape between abstract-level keys and engine keys.
// abstract-level allows the empty key ('' and zero-length buffers are valid keys and range
// bounds), but the engine stores keys of 1..keyBytesMax bytes. The adapter therefore prefixes
// one 0x00 byte to exactly the keys that are empty or already start with 0x00, and stores every
// other key unchanged (so such keys can be at most keyBytesMax - 1 bytes long):
//
//   ''            -> 00
//   00 r...       -> 00 00 r...
//   k (k[0] > 0)  -> k
//
// The map is injective and preserves unsigned byte order ('' and 0x00-led keys sort first both
// before and after), so range bounds and seek targets go through the same function. Data written
// through LsmLevel reads back unchanged through LsmLevel; the raw `Lsm` API sees the escaped form
// only for keys that are empty or start with 0x00.

const ESCAPE = 0x00;

/** abstract-level key bytes -> the engine key that stores them. */
export function toEngineKey(key: Uint8Array): Uint8Array {
  if (key.length > 0 && key[0] !== ESCAPE) return key;
  const escaped = new Uint8Array(key.length + 1);
  escaped.set(key, 1);
  return escaped;
}

/** Engine key -> the abstract-level key bytes it stores (inverse of toEngineKey; no copy). */
export function fromEngineKey(key: Uint8Array): Uint8Array {
  return key[0] === ESCAPE ? key.subarray(1) : key;
}

/** Bytes `key` (abstract-level bytes) takes in the engine once escaped. */
export function engineKeyBytes(key: Uint8Array): number {
  return key.length > 0 && key[0] !== ESCAPE ? key.length : key.length + 1;
}
