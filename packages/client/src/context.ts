// Context: the causal token a read returns and a later put or delete hands back, so the write
// supersedes exactly the siblings that read saw (DESIGN.md §4). It is an opaque @kv/vclock token
// on the wire; here it is a branded string, so only a read's context (or one restored on purpose
// with `asContext`) type-checks where a context is expected.
import { protocolLimits } from '@kv/protocol';
import { badRequest } from './errors.js';

declare const contextBrand: unique symbol;

/** An opaque causal context from a `get`. Store it as a string; restore it with `asContext`. */
export type Context = string & { readonly [contextBrand]: true };

/**
 * A context from a token saved earlier (`String(result.context)` sent to a browser and back, say).
 * Throws KvError BAD_REQUEST when `token` cannot be a context; the node validates the rest.
 */
export function asContext(token: string): Context {
  if (typeof token !== 'string' || token.length < 1 || token.length > protocolLimits.contextBytesMax) {
    throw badRequest(`a context is a string of 1..${protocolLimits.contextBytesMax} characters`);
  }
  return token as Context;
}
