// Entry: one version of a key as the engine stores it — the user key, the sequence number of
// the write that made it, and whether it is a value or a tombstone. Entries sort by key
// ascending, then by sequence number descending (newest version of a key first), as in LevelDB's
// internal keys; every sorted structure (memtable, SSTable blocks, index, iterators) uses it.

import { compareBytes } from './bytes.js';

/** Entry kinds as stored on disk (FORMAT.md): explicit numbers, never reused. */
export const KIND_DELETE = 0;
export const KIND_VALUE = 1;
export type EntryKind = typeof KIND_DELETE | typeof KIND_VALUE;

export interface Entry {
  readonly key: Uint8Array;
  /** The write's sequence number: unique, increasing, below 2^53. */
  readonly seq: number;
  readonly kind: EntryKind;
  /** Empty for a tombstone. */
  readonly value: Uint8Array;
}

/** The engine's internal order: key ascending, then newest (highest seq) first. */
export function compareEntries(aKey: Uint8Array, aSeq: number, bKey: Uint8Array, bSeq: number): number {
  const c = compareBytes(aKey, bKey);
  return c !== 0 ? c : bSeq - aSeq;
}

/** A sequence number larger than any real one: seeking (key, MAX_SEQ) lands on key's newest version. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;
