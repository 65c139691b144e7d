// Entry: one (key, version digest) pair, the unit a tree hashes and a replica lists. The tree
// never stores entries; a node gets them by scanning its store (tests: from a Map). Anything
// that takes entries also takes [key, digest] tuples, so a Map<key, digest> can be passed as is.
import { badRequest } from './errors';
import type { Key } from './key-bytes';

export interface Entry {
  readonly key: Key;
  /** The caller's version digest of the key, e.g. a hash of its encoded sibling set. */
  readonly digest: Uint8Array;
}

/** An entry object or a [key, digest] tuple (what a Map<Key, Uint8Array> iterates). */
export type EntryLike = Entry | readonly [key: Key, digest: Uint8Array];

/** The entry an EntryLike stands for. */
export function toEntry(item: EntryLike): Entry {
  if (Array.isArray(item)) {
    const [key, digest] = item as readonly [Key, Uint8Array];
    return { key, digest };
  }
  if (typeof item === 'object' && item !== null && 'key' in item && 'digest' in item) return item;
  throw badRequest('an entry must be { key, digest } or a [key, digest] tuple');
}
