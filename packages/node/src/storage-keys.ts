// Storage keys: how a node lays out its one lsm store (DESIGN.md §4). Every record is keyed by
// its ring position, so one ring range is one contiguous scan (Merkle builds, handoff and range
// streaming read ranges, never the whole store); hints live in their own keyspace, ordered by
// owner, so one owner's backlog is one scan too.
//
//   data key := 0x01 ‖ position:u32be ‖ kind:u8 ‖ key bytes        kind 0: UTF-8 string, 1: bytes
//   hint key := 0x02 ‖ owner:utf8 ‖ 0x00 ‖ position:u32be ‖ kind:u8 ‖ key bytes
//
// Owner ids never contain NUL (gossip and ring ids are printable), so 0x00 ends the owner.
import { hashKey } from '@kv/ring';
import type { Key } from '@kv/quorum';

export const dataPrefix = 0x01;
export const hintPrefix = 0x02;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function positioned(prefix: Uint8Array, key: Key): Uint8Array {
  const keyBytes = typeof key === 'string' ? encoder.encode(key) : key;
  const out = new Uint8Array(prefix.length + 5 + keyBytes.length);
  out.set(prefix, 0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(prefix.length, hashKey(key) >>> 0, false);
  out[prefix.length + 4] = typeof key === 'string' ? 0 : 1;
  out.set(keyBytes, prefix.length + 5);
  return out;
}

const dataPrefixBytes = Uint8Array.of(dataPrefix);

export function dataKey(key: Key): Uint8Array {
  return positioned(dataPrefixBytes, key);
}

export function hintOwnerPrefix(owner: string): Uint8Array {
  const ownerBytes = encoder.encode(owner);
  const out = new Uint8Array(ownerBytes.length + 2);
  out[0] = hintPrefix;
  out.set(ownerBytes, 1);
  out[out.length - 1] = 0;
  return out;
}

export function hintKey(owner: string, key: Key): Uint8Array {
  return positioned(hintOwnerPrefix(owner), key);
}

/** The key a data or hint storage key holds, given where its position starts. */
function keyAt(storageKey: Uint8Array, positionAt: number): Key {
  const kind = storageKey[positionAt + 4];
  const bytes = storageKey.subarray(positionAt + 5);
  return kind === 0 ? decoder.decode(bytes) : bytes.slice();
}

export function keyOfDataKey(storageKey: Uint8Array): Key {
  return keyAt(storageKey, 1);
}

/** Owner and key of a hint storage key. */
export function parseHintKey(storageKey: Uint8Array): { readonly owner: string; readonly key: Key } {
  const end = storageKey.indexOf(0, 1);
  if (end < 0) throw new Error('hint key without an owner terminator');
  return { owner: decoder.decode(storageKey.subarray(1, end)), key: keyAt(storageKey, end + 1) };
}

/** The exclusive upper bound of every key starting with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  throw new Error('prefix has no upper bound');
}

/** A storage key as a Map key (one char per byte). */
export function storageId(storageKey: Uint8Array): string {
  return Buffer.from(storageKey.buffer, storageKey.byteOffset, storageKey.byteLength).toString('latin1');
}
