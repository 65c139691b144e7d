// Entry diff: the last step of anti-entropy. Given the (key, digest) pairs each replica holds
// in the differing segments, it names the keys to sync: those only the remote has, those only
// the local side has, and those both have with different digests. Keys compare by their bytes.
import type { EntryLike } from './entry';
import { sortedEntries } from './entry-list';
import { bytesEqual, compareBytes } from './key-bytes';
import type { Key } from './key-bytes';

export interface EntryDiff {
  /** Keys the remote side has and the local side lacks (as the remote gave them). */
  readonly missingLocal: Key[];
  /** Keys the local side has and the remote side lacks (as the local side gave them). */
  readonly missingRemote: Key[];
  /** Keys both sides have with different digests (as the local side gave them). */
  readonly different: Key[];
}

/**
 * Compares two entry lists (any order, each key at most once per list). Every result list is
 * in ascending key-byte order. Throws MerkleError for a bad entry or a key given twice.
 */
export function diffEntries(local: Iterable<EntryLike>, remote: Iterable<EntryLike>): EntryDiff {
  const mine = sortedEntries(local, 'local entries');
  const theirs = sortedEntries(remote, 'remote entries');
  const diff: EntryDiff = { missingLocal: [], missingRemote: [], different: [] };
  let i = 0;
  let j = 0;
  while (i < mine.length || j < theirs.length) {
    const a = mine[i];
    const b = theirs[j];
    const order = a === undefined ? 1 : b === undefined ? -1 : compareBytes(a.bytes, b.bytes);
    if (order < 0 && a !== undefined) {
      diff.missingRemote.push(a.entry.key);
      i++;
    } else if (order > 0 && b !== undefined) {
      diff.missingLocal.push(b.entry.key);
      j++;
    } else if (a !== undefined && b !== undefined) {
      if (!bytesEqual(a.entry.digest, b.entry.digest)) diff.different.push(a.entry.key);
      i++;
      j++;
    }
  }
  return diff;
}
