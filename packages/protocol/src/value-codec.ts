// Value codec: how the SDK turns application values into the byte strings kv stores, and back.
// Plain CBOR with the frames' encoder options, so the client, the CLI and any other CBOR reader
// (Python's cbor2, Go's fxamacker/cbor) agree on what a stored value means. JSON-like values,
// Uint8Array (a byte string), bigint and Date round-trip; a Map comes back as a plain object.
import { decodeCbor, encodeValueCbor } from './cbor.js';
import { KvError } from './kv-error.js';

export function encodeValue(value: unknown): Uint8Array {
  return encodeValueCbor(value);
}

/** Decodes one CBOR item filling all of `bytes`; throws KvError BAD_REQUEST when it is not one. */
export function decodeValue(bytes: Uint8Array): unknown {
  const decoded = decodeCbor(bytes, 'value');
  if (!decoded.ok) throw new KvError('BAD_REQUEST', `value is not one CBOR item: ${decoded.message}`);
  return decoded.value;
}
