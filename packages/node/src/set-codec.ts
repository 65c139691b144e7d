// Set codec: a key's sibling set (@kv/vclock) as the bytes stored in the lsm — the set's plain
// form (versioned by vclock's plainFormatVersion) in plain CBOR, values as byte strings.
import type { Lsm } from '@kv/lsm';
import type { SiblingSet } from '@kv/vclock';
import { fromPlain, toPlain } from '@kv/vclock';
import { Encoder } from 'cbor-x';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });

export const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

export function encodeSet(set: SiblingSet<Uint8Array>): Uint8Array {
  return cbor.encode(toPlain(set));
}

/** Decodes a stored set; a set that does not decode is corruption (VclockError propagates). */
export function decodeSet(bytes: Uint8Array): SiblingSet<Uint8Array> {
  return fromPlain(cbor.decode(bytes), isBytes);
}

/** The set stored under `storageKey`, or undefined. */
export function readSet(lsm: Lsm, storageKey: Uint8Array): SiblingSet<Uint8Array> | undefined {
  const bytes = lsm.getSync(storageKey);
  return bytes === undefined ? undefined : decodeSet(bytes);
}
