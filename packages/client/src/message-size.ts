// Message size: how many bytes a request takes in a frame, bounded from above without encoding
// it, so the outbox can pack frames under the node's frameBytesMax and a request that could
// never fit fails with BAD_REQUEST before anything is sent. The bound is exact where it matters
// (key, value, context bytes) and generous on the rest: field names, small integers and CBOR
// headers take at most ~125 bytes in any client request (PROTOCOL.md "Encoding"); 192 leaves room.
import { encodeFrame, keyBytes, protocolLimits } from '@kv/protocol';
import type { ClientRequestMessage } from '@kv/protocol';
import type { RequestBody } from './call.js';
import { badRequest } from './errors.js';

/** Field names, type tag, id, timeoutMs, levels, flags and every CBOR header of one request. */
const requestOverheadBytes = 192;
/** The frame's array header (≤ 9 bytes for any length). */
export const frameHeaderBytes = 9;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const utf8BytesPerCharMax = 3;

/** An upper bound of the request's CBOR size inside a frame (its id and timeoutMs included, sent or not yet). */
export function messageBytesBound(message: ClientRequestMessage | RequestBody): number {
  if (message.t === 'status' || message.t === 'ring' || message.t === 'repair') return requestOverheadBytes;
  let bytes = requestOverheadBytes + keyBytes(message.key) + utf8BytesPerCharMax * (message.keyspace?.length ?? 0);
  if (message.t === 'put') bytes += message.value.length;
  if (message.t !== 'get') bytes += utf8BytesPerCharMax * (message.context?.length ?? 0);
  return bytes;
}

/**
 * Throws BAD_REQUEST unless the request fits a frame of `frameBytesMax` on its own. Encodes it
 * only when the bound says it might not (a huge context, or a node announcing a tiny frame).
 */
export function checkFitsFrame(body: RequestBody, frameBytesMax: number): void {
  if (messageBytesBound(body) + frameHeaderBytes <= frameBytesMax) return;
  // The largest id and timeoutMs the request can be sent with.
  const message = body.t === 'status' || body.t === 'ring' ? { ...body, id: Number.MAX_SAFE_INTEGER } : { ...body, id: Number.MAX_SAFE_INTEGER, timeoutMs: protocolLimits.timeoutMsMax };
  const bytes = encodeFrame([message as ClientRequestMessage]).length;
  if (bytes > frameBytesMax) {
    throw badRequest(`${message.t}: the request takes ${bytes} bytes, over the node's frameBytesMax ${frameBytesMax}; nothing was sent`);
  }
}
