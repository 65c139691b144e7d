// Format: FORMAT.md §Filter block
// BloomFilter: a whole-table bloom filter over the distinct user keys of one SSTable. It exists
// so a point read of a key a table does not hold (most tables, for most reads) is answered from
// memory, without reading a block.
//
//   filter := bits:bytes[m] k:u8        (stored as a block: trailer codec 0 + crc32c)
//
// m = max(8, ceil(n · bitsPerKey / 8)) bytes for n keys; k = round(bitsPerKey · ln 2) in [1, 30]
// probes. Hashing is LevelDB's double hashing over one 32-bit hash: h = xxHash32(key, seed 0),
// delta = rotr(h, 17); probe j sets bit (h mod 8m) (bit b lives in byte b >> 3, mask 1 << (b & 7)),
// then h += delta (mod 2^32). At 10 bits per key this gives about 1 % false positives.

import { xxHash32 } from 'js-xxhash';
import { corruption } from './errors.js';

const PROBES_MAX = 30;
const FILTER_BYTES_MIN = 8;

/** The 32-bit hash a filter is probed with; compute once per key to probe several tables. */
export function bloomHash(key: Uint8Array): number {
  return xxHash32(key, 0);
}

/** Probes for `bitsPerKey` bits per key, as stored in the filter's last byte. */
export function bloomProbes(bitsPerKey: number): number {
  return Math.min(PROBES_MAX, Math.max(1, Math.round(bitsPerKey * Math.LN2)));
}

export class BloomFilterBuilder {
  private readonly bitsPerKey: number;
  private hashes = new Uint32Array(1024);
  private keys = 0;

  constructor(bitsPerKey: number) {
    this.bitsPerKey = bitsPerKey;
  }

  /** Keys added so far (the caller adds each distinct key once). */
  get count(): number {
    return this.keys;
  }

  /** The filter's size if finished now, trailer excluded. */
  get estimatedBytes(): number {
    return filterBytes(this.keys, this.bitsPerKey) + 1;
  }

  addKey(key: Uint8Array): void {
    if (this.keys === this.hashes.length) {
      const next = new Uint32Array(this.keys * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[this.keys++] = bloomHash(key);
  }

  /** The filter's bytes: bits then k. */
  finish(): Uint8Array {
    const bytes = filterBytes(this.keys, this.bitsPerKey);
    const k = bloomProbes(this.bitsPerKey);
    const out = new Uint8Array(bytes + 1);
    const bits = bytes * 8;
    for (let i = 0; i < this.keys; i++) {
      let h = this.hashes[i]!;
      const delta = ((h >>> 17) | (h << 15)) >>> 0;
      for (let j = 0; j < k; j++) {
        const bit = h % bits;
        out[bit >>> 3]! |= 1 << (bit & 7);
        h = (h + delta) >>> 0;
      }
    }
    out[bytes] = k;
    return out;
  }
}

export class BloomFilter {
  private readonly bits: Uint8Array;
  private readonly bitCount: number;
  private readonly probes: number;

  private constructor(bytes: Uint8Array) {
    this.bits = bytes;
    this.bitCount = (bytes.length - 1) * 8;
    this.probes = bytes[bytes.length - 1]!;
  }

  /** Reads a filter from its bytes (read from `file` at `offset`); a bad shape is CORRUPTION. */
  static decode(bytes: Uint8Array, file: string, offset: number): BloomFilter {
    if (bytes.length < FILTER_BYTES_MIN + 1) throw corruption(file, offset, `bloom filter of ${bytes.length} bytes is too short`);
    const k = bytes[bytes.length - 1]!;
    if (k < 1 || k > PROBES_MAX) throw corruption(file, offset + bytes.length - 1, `bloom filter has ${k} probes`);
    return new BloomFilter(bytes);
  }

  /** Memory the filter holds. */
  get bytes(): number {
    return this.bits.length;
  }

  /** False only when the key was certainly not added. */
  mayContain(key: Uint8Array): boolean {
    return this.mayContainHash(bloomHash(key));
  }

  /** mayContain for a key whose bloomHash is `hash`. */
  mayContainHash(hash: number): boolean {
    let h = hash >>> 0;
    const delta = ((h >>> 17) | (h << 15)) >>> 0;
    const bits = this.bitCount;
    for (let j = 0; j < this.probes; j++) {
      const bit = h % bits;
      if ((this.bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
      h = (h + delta) >>> 0;
    }
    return true;
  }
}

function filterBytes(keys: number, bitsPerKey: number): number {
  return Math.max(FILTER_BYTES_MIN, Math.ceil((keys * bitsPerKey) / 8));
}
