// Value codec: how application values become the byte strings a node stores. By default a JS
// value is written as CBOR (@kv/protocol's encodeValue: plain RFC 8949, readable by any CBOR
// library) and read back with decodeValue. `values: 'raw'` (per client, or `{ raw: true }` per
// call) passes Uint8Array through untouched, for callers with their own encoding.
import { decodeValue, encodeValue, KvError } from '@kv/protocol';
import { badRequest } from './errors.js';

export type ValueMode = 'cbor' | 'raw';

export function encodeAppValue(value: unknown, mode: ValueMode): Uint8Array {
  if (mode === 'raw') {
    if (!(value instanceof Uint8Array)) throw badRequest('put: with raw values the value must be a Uint8Array');
    return value;
  }
  try {
    return encodeValue(value);
  } catch (error) {
    throw new KvError('BAD_REQUEST', `put: the value cannot be encoded as CBOR: ${reason(error)}`, { cause: error });
  }
}

/** Decodes one sibling; a sibling that is not CBOR (written raw by someone else) is BAD_REQUEST. */
export function decodeAppValue(bytes: Uint8Array, mode: ValueMode, where: string): unknown {
  if (mode === 'raw') return bytes;
  try {
    return decodeValue(bytes);
  } catch (error) {
    throw new KvError('BAD_REQUEST', `${where}: a sibling is not CBOR (read it with { raw: true }): ${reason(error)}`, { cause: error });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
