// Merkle tree: a Tictac-style hash tree over a key range (Riak's tictac AAE). A key's segment
// hash picks one of fanout^depth leaves; a leaf's hash is the XOR of the 64-bit hashes of the
// (key, version digest) entries in it, so a put or delete updates it incrementally by XORing
// the old entry hash out and the new one in, with no rebuild and no stored keys. The same XOR
// delta is applied to every ancestor (depth + 1 XORs of two lanes per update), so interior
// hashes are always current and "computed on demand" costs nothing at read time; an interior
// node's hash is therefore the XOR of all entry hashes beneath it. The tree is a function of
// the set of entries only: independent of update order and equal to a build from scratch.
import { merkleDefaults } from './defaults';
import type { EntryLike } from './entry';
import { toEntry } from './entry';
import { hashEntry } from './entry-hash';
import { assert } from './errors';
import type { Key } from './key-bytes';
import type { LevelSlice } from './level-slice';
import { checkIndices, checkSlice, checkSliceShape } from './level-slice';
import type { ShapeInfo, TreeShape } from './tree-shape';
import { checkLevel, levelNodes, shapeInfo } from './tree-shape';

const hashOut = new Uint32Array(3);

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

export class MerkleTree {
  /** The tree's fan-out and depth. */
  readonly shape: TreeShape;
  readonly #info: ShapeInfo;
  /** All node hashes, level by level from the root, two u32 lanes per node. */
  readonly #hashes: Uint32Array;

  private constructor(info: ShapeInfo, hashes: Uint32Array) {
    assert(hashes.length === 2 * info.nodes, 'hash storage matches the shape');
    this.shape = { fanout: info.fanout, depth: info.depth };
    this.#info = info;
    this.#hashes = hashes;
  }

  /** An empty tree (every hash zero) of `shape` (default merkleDefaults.shape). */
  static create(shape: TreeShape = merkleDefaults.shape): MerkleTree {
    const info = shapeInfo(shape);
    return new MerkleTree(info, new Uint32Array(2 * info.nodes));
  }

  /** A tree holding `entries` (each inserted once), e.g. a Map<Key, digest>. */
  static fromEntries(entries: Iterable<EntryLike>, shape: TreeShape = merkleDefaults.shape): MerkleTree {
    const tree = MerkleTree.create(shape);
    for (const item of entries) {
      const entry = toEntry(item);
      tree.insert(entry.key, entry.digest);
    }
    return tree;
  }

  get fanout(): number {
    return this.#info.fanout;
  }

  get depth(): number {
    return this.#info.depth;
  }

  /** Number of leaves (segments): fanout^depth. */
  get leaves(): number {
    return this.#info.leaves;
  }

  /** Bytes of hash storage this tree holds (8 per node). */
  get hashBytes(): number {
    return this.#info.hashBytes;
  }

  /** Nodes at `level` (0 = root … depth = leaves). */
  levelNodes(level: number): number {
    checkLevel(this.#info, level);
    return levelNodes(this.#info, level);
  }

  /** Adds the entry (key, digest). Adding an entry that is already in the tree removes it (XOR). */
  insert(key: Key, digest: Uint8Array): void {
    hashEntry(key, digest, hashOut);
    this.#xorPath(hashOut[0] ?? 0, hashOut[1] ?? 0, hashOut[2] ?? 0);
  }

  /** Removes the entry (key, digest); the digest must be the one that was inserted. */
  remove(key: Key, digest: Uint8Array): void {
    this.insert(key, digest); // XOR is its own inverse
  }

  /**
   * Replaces the key's entry: `oldDigest` null for a key that was absent, `newDigest` null for a
   * key that is now absent. Equal to remove(key, old) then insert(key, new), in one walk.
   */
  update(key: Key, oldDigest: Uint8Array | null, newDigest: Uint8Array | null): void {
    if (oldDigest === null && newDigest === null) return;
    if (oldDigest === null || newDigest === null) {
      this.insert(key, oldDigest ?? (newDigest as Uint8Array));
      return;
    }
    hashEntry(key, oldDigest, hashOut);
    const segment = hashOut[0] ?? 0;
    const old0 = hashOut[1] ?? 0;
    const old1 = hashOut[2] ?? 0;
    hashEntry(key, newDigest, hashOut);
    assert(hashOut[0] === segment, 'a key has one segment');
    this.#xorPath(segment, old0 ^ (hashOut[1] ?? 0), old1 ^ (hashOut[2] ?? 0));
  }

  /** XORs (lane0, lane1) into the leaf of `segmentHash` and every ancestor up to the root. */
  #xorPath(segmentHash: number, lane0: number, lane1: number): void {
    const hashes = this.#hashes;
    const fanoutLog2 = this.#info.fanoutLog2;
    let count = this.#info.leaves;
    let offset = this.#info.nodes - count;
    let index = (segmentHash & (count - 1)) >>> 0;
    for (;;) {
      const at = 2 * (offset + index);
      hashes[at] = (hashes[at] ?? 0) ^ lane0;
      hashes[at + 1] = (hashes[at + 1] ?? 0) ^ lane1;
      if (offset === 0) return;
      count = count >>> fanoutLog2;
      offset -= count;
      index = index >>> fanoutLog2;
    }
  }

  /** Lane offset of node `index` of `level` in the hash storage. */
  #laneOffset(level: number, index: number): number {
    const { fanout } = this.#info;
    const levelStart = (levelNodes(this.#info, level) - 1) / (fanout - 1);
    return 2 * (levelStart + index);
  }

  /** The root hash as 16 hex digits (lane 0 then lane 1); all zeros for an empty tree. */
  root(): string {
    return this.nodeHash(0, 0);
  }

  /** The hash of node `index` at `level`, as 16 hex digits (lane 0 then lane 1). */
  nodeHash(level: number, index: number): string {
    checkLevel(this.#info, level);
    checkIndices([index], levelNodes(this.#info, level), `node of level ${level}`);
    const at = this.#laneOffset(level, index);
    return hex32(this.#hashes[at] ?? 0) + hex32(this.#hashes[at + 1] ?? 0);
  }

  /** Same shape and same root hash (so, with probability 1 − 2^-64 per difference, same entries). */
  equals(other: MerkleTree): boolean {
    return (
      this.#info.fanout === other.#info.fanout &&
      this.#info.depth === other.#info.depth &&
      this.#hashes[0] === other.#hashes[0] &&
      this.#hashes[1] === other.#hashes[1]
    );
  }

  /** Removes every entry: all hashes become zero. */
  clear(): void {
    this.#hashes.fill(0);
  }

  /** An independent copy, e.g. a snapshot to run an exchange against while writes go on. */
  clone(): MerkleTree {
    return new MerkleTree(this.#info, this.#hashes.slice());
  }

  /**
   * The hashes of nodes `indices` (strictly ascending) of `level`, or of the whole level when
   * `indices` is omitted. The slice is a copy.
   */
  slice(level: number, indices?: ArrayLike<number>): LevelSlice {
    checkLevel(this.#info, level);
    const nodes = levelNodes(this.#info, level);
    const start = this.#laneOffset(level, 0);
    if (indices === undefined) {
      const all = new Uint32Array(nodes);
      for (let i = 0; i < nodes; i++) all[i] = i;
      const hashes = this.#hashes.slice(start, start + 2 * nodes);
      return { shape: this.shape, level, indices: all, hashes };
    }
    checkIndices(indices, nodes, `slice of level ${level}`);
    const chosen = Uint32Array.from(indices);
    const hashes = new Uint32Array(2 * chosen.length);
    for (let i = 0; i < chosen.length; i++) {
      const at = start + 2 * (chosen[i] ?? 0);
      hashes[2 * i] = this.#hashes[at] ?? 0;
      hashes[2 * i + 1] = this.#hashes[at + 1] ?? 0;
    }
    return { shape: this.shape, level, indices: chosen, hashes };
  }

  /** The indices of the remote slice's nodes whose hash differs from this tree's (ascending). */
  diffSlice(remote: LevelSlice): Uint32Array {
    checkSliceShape(remote, this.shape);
    checkSlice(remote);
    const start = this.#laneOffset(remote.level, 0);
    const differing = new Uint32Array(remote.indices.length);
    let count = 0;
    for (let i = 0; i < remote.indices.length; i++) {
      const index = remote.indices[i] ?? 0;
      const at = start + 2 * index;
      if (this.#hashes[at] !== remote.hashes[2 * i] || this.#hashes[at + 1] !== remote.hashes[2 * i + 1]) {
        differing[count++] = index;
      }
    }
    return differing.slice(0, count);
  }
}

