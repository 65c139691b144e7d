// Defaults and limits of @kv/merkle, each with its unit and the reason for its value
// (CONVENTIONS.md §8). The default shape was chosen by measurement: bench/README.md.
import type { TreeShape } from './tree-shape';

/** Hard limits: inputs beyond them are refused with MerkleError BAD_REQUEST. */
export const merkleLimits = {
  /** Smallest fan-out (children per interior node). A binary tree is the smallest tree. */
  fanoutMin: 2,
  /** Largest fan-out. Riak's Tictac trees use 1024; wider nodes only make slices bigger. */
  fanoutMax: 1024,
  /**
   * Most leaves (segments) a tree may have: 2^24. Hash storage is ≈ 8 bytes × leaves ×
   * fanout / (fanout − 1), so the largest tree holds 128–256 MiB; anything bigger is a mistake.
   */
  leavesMax: 2 ** 24,
  /** Longest key in bytes (UTF-8 for strings): the kv data model's key limit (DESIGN.md §4). */
  keyBytesMax: 1024,
  /** Longest version digest in bytes: room for a SHA-512; kv's digests are 8–32 bytes. */
  digestBytesMax: 64,
} as const;

/** Defaults: a caller may override each per call. */
export const merkleDefaults = {
  /**
   * Tree shape for one replicated key range of up to ~1 M keys: fan-out 8, depth 6 → 262 144
   * leaves (≈ 4 keys per leaf at 1 M keys), 2.29 MiB of hashes per tree, at most 8 messages
   * per exchange. Measured (bench/README.md) against 2^16, 2^18 and 2^20 leaves at fan-outs
   * 4–1024: for 1 % differences among 1 M keys it exchanges 286 bytes per differing key. The
   * 2^16-leaf shapes save 1.8 MiB per tree but cost 2.5× the bytes (16 keys per leaf go over
   * the wire per difference); the best 2^20-leaf shape (4×10) costs 188 bytes at 4.7× the
   * memory and 12 messages; Riak Tictac's 1024×1024 costs 921 bytes (every difference pulls
   * 1024 leaf hashes) at 3.5× the memory. A node keeps a tree per replicated range, so memory
   * per tree decided it. Both replicas of a range must use the same shape.
   */
  shape: { fanout: 8, depth: 6 } satisfies TreeShape as TreeShape,
  /**
   * Largest encoded level slice a decoder accepts, in bytes (16 MiB): a whole leaf level of
   * a 2^21-leaf tree; bounds what a peer can make us allocate.
   */
  sliceBytesMax: 16 * 1024 * 1024,
  /**
   * Largest encoded entry list a decoder accepts, in bytes (64 MiB): ≈ 2.5 M entries of a
   * 16-byte key and an 8-byte digest, the differing segments of 10 % of a 1 M-key range
   * with room to spare. Callers that expect more split the segments over several lists.
   */
  entriesBytesMax: 64 * 1024 * 1024,
} as const;
