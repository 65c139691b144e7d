// Bench data: two replicas of one key range, as version numbers per key index (0 = absent), so
// a million keys cost a few megabytes. Keys are `user:0000042` (12 bytes) and a key's digest at
// version v is 8 bytes mixed from (index, v), standing in for a hash of its sibling set.
import { seededRandom } from '@kv/test-kit';
import type { Entry, MerkleTree } from '../src/index';

export const KEY_COUNT = 1_000_000;

export function keyOf(index: number): string {
  return `user:${index.toString().padStart(7, '0')}`;
}

function mix(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Writes the digest of key `index` at `version` into `out` (8 bytes). */
export function digestInto(index: number, version: number, out: Uint8Array): Uint8Array {
  const a = mix(index * 31 + version);
  const b = mix(a ^ version ^ 0x9e3779b9);
  for (let i = 0; i < 4; i++) {
    out[i] = (a >>> (8 * i)) & 0xff;
    out[4 + i] = (b >>> (8 * i)) & 0xff;
  }
  return out;
}

/** versions[i] = version of key i on this replica, 0 when absent. */
export type Replica = Uint8Array;

/** Replica A: every key of 0..KEY_COUNT − 1 at version 1, plus room for B's extra keys. */
export function baseReplica(extraMax: number): Replica {
  const versions = new Uint8Array(KEY_COUNT + extraMax);
  versions.fill(1, 0, KEY_COUNT);
  return versions;
}

export interface Divergence {
  readonly replica: Replica;
  /** Number of differing keys: a third changed, a third only on A, a third only on B. */
  readonly differing: number;
}

/**
 * Replica B: A with `differing` keys changed (a third new version, a third deleted, a third
 * added beyond A's keys), applied to `treeB` (a clone of A's tree) incrementally.
 */
export function diverge(a: Replica, differing: number, treeB: MerkleTree, seed: number): Divergence {
  const b = a.slice();
  const random = seededRandom(seed);
  const picked = new Set<number>();
  while (picked.size < differing) picked.add(random.int(KEY_COUNT));
  const oldDigest = new Uint8Array(8);
  const newDigest = new Uint8Array(8);
  let j = 0;
  for (const index of picked) {
    const kind = j % 3;
    const target = kind === 2 ? KEY_COUNT + j : index;
    const old = b[target] ?? 0;
    const next = kind === 0 ? old + 1 : kind === 1 ? 0 : 1;
    treeB.update(
      keyOf(target),
      old === 0 ? null : digestInto(target, old, oldDigest),
      next === 0 ? null : digestInto(target, next, newDigest),
    );
    b[target] = next;
    j++;
  }
  return { replica: b, differing };
}

/** Every (key, digest) of a replica, as a store scan yields them. */
export function* entriesOf(replica: Replica): Generator<Entry> {
  for (let i = 0; i < replica.length; i++) {
    const version = replica[i] ?? 0;
    if (version !== 0) yield { key: keyOf(i), digest: digestInto(i, version, new Uint8Array(8)) };
  }
}

/** Inserts every entry of a replica into `tree` (reusing one digest buffer). */
export function fill(tree: MerkleTree, replica: Replica): MerkleTree {
  const digest = new Uint8Array(8);
  for (let i = 0; i < replica.length; i++) {
    const version = replica[i] ?? 0;
    if (version !== 0) tree.insert(keyOf(i), digestInto(i, version, digest));
  }
  return tree;
}
