// Checksum: CRC-32C (Castagnoli), the checksum every @kv/lsm file format stores (FORMAT.md), as in
// LevelDB and RocksDB. It exists as its own seam so every format computes it the same way and the
// native SIMD implementation (@node-rs/crc32) is swapped in one place.

import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/**
 * CRC-32C of `bytes` as an unsigned 32-bit number. `initial` continues a checksum over bytes that
 * came before (crc32c(a ++ b) === crc32c(b, crc32c(a))). Subarray views are read in place.
 */
export function crc32c(bytes: Uint8Array, initial = 0): number {
  return nativeCrc32c(bytes, initial) >>> 0;
}
