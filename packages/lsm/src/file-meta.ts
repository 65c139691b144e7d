// FileMeta: what the manifest records about one live SSTable — its number, size, key and seq
// bounds and counts — enough to route reads and pick compactions without opening the file.

import { compareBytes } from './bytes.js';

export interface FileMeta {
  readonly number: number;
  readonly fileBytes: number;
  readonly smallestKey: Uint8Array;
  readonly largestKey: Uint8Array;
  /** The lowest and highest seq of any entry in the file. */
  readonly seqMin: number;
  readonly seqMax: number;
  readonly entryCount: number;
  readonly tombstoneCount: number;
}

/** True when [smallest, largest] of the file intersects the closed user-key range [lo, hi]. */
export function overlapsRange(file: FileMeta, lo: Uint8Array | undefined, hi: Uint8Array | undefined): boolean {
  if (lo !== undefined && compareBytes(file.largestKey, lo) < 0) return false;
  if (hi !== undefined && compareBytes(file.smallestKey, hi) > 0) return false;
  return true;
}

export function totalBytes(files: readonly FileMeta[]): number {
  let sum = 0;
  for (const f of files) sum += f.fileBytes;
  return sum;
}

/** The smallest and largest user keys over a non-empty set of files. */
export function keyRange(files: readonly FileMeta[]): { smallest: Uint8Array; largest: Uint8Array } {
  let smallest = files[0]!.smallestKey;
  let largest = files[0]!.largestKey;
  for (const f of files) {
    if (compareBytes(f.smallestKey, smallest) < 0) smallest = f.smallestKey;
    if (compareBytes(f.largestKey, largest) > 0) largest = f.largestKey;
  }
  return { smallest, largest };
}
