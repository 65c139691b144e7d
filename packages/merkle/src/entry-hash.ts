// Entry hash: the 64-bit hash of one (key, version digest) pair that a leaf XORs in and out,
// and the 32-bit segment hash of a key that picks its leaf. Both are xxHash32 (js-xxhash) with
// seeds of their own: the entry hash is two lanes with two seeds over an unambiguous encoding
// of the pair; the segment hash uses a third seed so that leaves are independent of the ring
// position (xxHash32 seed 0, @kv/ring): the keys of one ring range share a narrow interval of
// positions and would otherwise crowd into a few leaves.
//
// Everything is encoded into one module-level scratch buffer and hashed through a cached view
// per length, so hashing allocates nothing of ours (a fresh subarray per call halved js-xxhash's
// throughput on short keys in measurement; js-xxhash itself still allocates a 4-slot array for
// inputs of 16 bytes or more).
import { xxHash32 } from 'js-xxhash';
import { merkleLimits } from './defaults';
import { badRequest } from './errors';
import type { Key } from './key-bytes';
import { KEY_SCRATCH_BYTES, writeKey } from './key-bytes';

/** Seed of the segment hash ("SEGM"); never 0, which is @kv/ring's position hash. */
export const SEGMENT_SEED = 0x5345_474d;
/** Seed of entry-hash lane 0 ("LAN0"). */
export const LANE0_SEED = 0x4c41_4e30;
/** Seed of entry-hash lane 1 ("LAN1"). */
export const LANE1_SEED = 0x4c41_4e31;

// Layout while hashing an entry: key bytes, digest bytes, keyLength:u16le. The length suffix
// makes the encoding unambiguous ("ab"+"c" ≠ "a"+"bc") and keeps the key at offset 0, so the
// segment hash and the entry hash share one encoding and one family of views.
const SCRATCH_BYTES = KEY_SCRATCH_BYTES + merkleLimits.digestBytesMax + 2;
const scratch = new Uint8Array(SCRATCH_BYTES);
const views: Uint8Array[] = [];

function view(length: number): Uint8Array {
  let cached = views[length];
  if (cached === undefined) {
    cached = scratch.subarray(0, length);
    views[length] = cached;
  }
  return cached;
}

/** Throws MerkleError unless `digest` is a Uint8Array of 1..digestBytesMax bytes. */
export function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array)) {
    throw badRequest(`digest must be a Uint8Array, got ${typeof digest}`);
  }
  if (digest.length === 0 || digest.length > merkleLimits.digestBytesMax) {
    throw badRequest(`digest must be 1..${merkleLimits.digestBytesMax} bytes, got ${digest.length}`);
  }
}

/** The 32-bit segment hash of a key (mask it to the leaf count for the segment). */
export function segmentHash(key: Key): number {
  return xxHash32(view(writeKey(key, scratch, 0)), SEGMENT_SEED);
}

/**
 * Hashes (key, digest): writes the key's segment hash to out[0] and the two entry-hash lanes
 * to out[1] and out[2]. Throws MerkleError for a bad key or digest.
 */
export function hashEntry(key: Key, digest: Uint8Array, out: Uint32Array): void {
  checkDigest(digest);
  const keyLength = writeKey(key, scratch, 0);
  scratch.set(digest, keyLength);
  const end = keyLength + digest.length;
  scratch[end] = keyLength & 0xff;
  scratch[end + 1] = keyLength >>> 8;
  out[0] = xxHash32(view(keyLength), SEGMENT_SEED);
  const entry = view(end + 2);
  out[1] = xxHash32(entry, LANE0_SEED);
  out[2] = xxHash32(entry, LANE1_SEED);
}
