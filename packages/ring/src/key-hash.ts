// Key hash: where a key sits on the ring. A position is a u32; the ring is the circle of
// 2^32 positions. hashKey is a stable contract, not an implementation detail: a node stores
// each record under `hashKey(key) ‖ key` (DESIGN.md §4), so changing this function would
// re-order every data file and re-home every key. test/key-hash.test.ts pins known vectors.
//
// Contract:  position := xxHash32(bytes, seed 0)  as an unsigned 32-bit integer
//            bytes    := the key itself (Uint8Array), or UTF-8 of a string key as WHATWG
//                        TextEncoder writes it (a lone surrogate becomes U+FFFD, EF BF BD)
// Consequence: a string key and its UTF-8 bytes land on the same position.
import { xxHash32 } from 'js-xxhash';
import { badRequest } from './errors';

/** Number of distinct ring positions: positions are integers 0 ≤ p < 2^32. */
export const ringPositionsCount = 4_294_967_296;

/** The largest key (in UTF-16 code units) that is encoded into the scratch buffer. Longer keys allocate. */
const scratchKeyCharsMax = 1024;

const encoder = new TextEncoder();
// Worst case UTF-8 is 3 bytes per UTF-16 code unit (a surrogate pair is 2 units → 4 bytes).
const scratch = new Uint8Array(scratchKeyCharsMax * 3);

/**
 * The ring position of a key: xxHash32 (seed 0) of its bytes, UTF-8 for strings.
 * Accepts any length (kv keys are 1..1024 bytes; longer keys only cost an allocation).
 * Throws RingError for anything but a string or a Uint8Array.
 */
export function hashKey(key: string | Uint8Array): number {
  if (typeof key !== 'string') {
    if (!(key instanceof Uint8Array)) {
      throw badRequest(`key must be a string or a Uint8Array, got ${key === null ? 'null' : typeof key}`);
    }
    return xxHash32(key, 0);
  }
  if (key.length <= scratchKeyCharsMax) {
    // js-xxhash's own string path allocates a fresh array per call (≈ 4× slower here).
    const { written } = encoder.encodeInto(key, scratch);
    return xxHash32(scratch.subarray(0, written), 0);
  }
  return xxHash32(encoder.encode(key), 0);
}

/** UTF-8 bytes of a string, as hashKey sees them. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** True when a string has no lone surrogate, so its UTF-8 encoding is lossless and injective. */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
