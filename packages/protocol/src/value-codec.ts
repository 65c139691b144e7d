// Value codec: how the SDK turns application values into the byte strings kv stores, and back.
// Plain CBOR with the frames' encoder options, so the client, the CLI and any other CBOR reader
// (Python's cbor2, Go's fxamacker/cbor) agree on what a stored value means. JSON-like values,
// Uint8Array (a byte string), bigint and Date round-trip; a Map comes back as a plain object.
import { decodeCbor, encodeValueCbor } from './cbor.js';
import { KvError } from './kv-error.js';

/**
 * The CBOR of an SDK value. Throws KvError BAD_REQUEST for a map with a `__proto__` key: CBOR
 * decoders guard against prototype pollution by renaming or dropping it (cbor-x reads it back
 * as `__proto_`), so the value could not be read back as written.
 */
export function encodeValue(value: unknown): Uint8Array {
  const path = protoKeyPath(value, '$', 0);
  if (path !== undefined) throw new KvError('BAD_REQUEST', `value has a map key "__proto__" at ${path}: decoders rename or drop it (a prototype-pollution guard), so it cannot round-trip; rename the key`);
  return encodeValueCbor(value);
}

/** Where `value` holds a `__proto__` map key, or undefined (depth-bounded: deeper values are cbor-x's to refuse). */
function protoKeyPath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 64 || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = protoKeyPath(value[i], `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (key === '__proto__') return path;
      const found = protoKeyPath(item, `${path}.${String(key)}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return path;
  for (const key of Object.keys(value)) {
    const found = protoKeyPath((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Decodes one CBOR item filling all of `bytes`; throws KvError BAD_REQUEST when it is not one. */
export function decodeValue(bytes: Uint8Array): unknown {
  const decoded = decodeCbor(bytes, 'value');
  if (!decoded.ok) throw new KvError('BAD_REQUEST', `value is not one CBOR item: ${decoded.message}`);
  return decoded.value;
}
