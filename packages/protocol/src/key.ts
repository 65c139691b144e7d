// Key: the bytes a key stands for, and how big a pair is. Keys are UTF-8 strings or byte
// strings of 1..keyBytesMax bytes (DESIGN.md §4); a string key is measured as its UTF-8 encoding
// so that "é" and its two bytes count the same everywhere. The pair-size limit (PAIR_TOO_LARGE)
// is enforced by the node with `pairBytes`, not by the codec.
import { KvError } from './kv-error.js';
import { protocolLimits } from './limits.js';
import type { Key } from './messages.js';

/**
 * Checks that `key` is a valid key — a string without lone surrogates or a byte string, of
 * 1..keyBytesMax bytes — and returns it; throws KvError BAD_REQUEST naming the rule otherwise.
 * Nodes apply it to every request; clients should apply it before encoding, because a lone
 * surrogate cannot be sent (CBOR text is UTF-8, and decoders read the bytes cbor-x writes for
 * it as U+FFFD).
 */
export function validateKey(key: unknown): Key {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) throw badKey('must be a string or a byte string');
  if (typeof key === 'string' && !isWellFormed(key)) throw badKey('must not contain a lone surrogate');
  const bytes = keyBytes(key);
  if (bytes < 1 || bytes > protocolLimits.keyBytesMax) throw badKey(`must have 1..${protocolLimits.keyBytesMax} bytes, has ${bytes}`);
  return key;
}

function badKey(must: string): KvError {
  return new KvError('BAD_REQUEST', `key ${must}`);
}

/** The key's length in bytes: UTF-8 bytes for a string, length for a byte string. */
export function keyBytes(key: Key): number {
  return typeof key === 'string' ? utf8Bytes(key) : key.length;
}

/** Key bytes + value bytes: what a node compares with its maxPairBytes. */
export function pairBytes(key: Key, value: Uint8Array): number {
  return keyBytes(key) + value.length;
}

/**
 * The UTF-8 length of `text`, computed without encoding it. A lone surrogate counts 3 bytes
 * (U+FFFD, what TextEncoder writes for it).
 */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether `text` has no lone surrogate (so it has an exact UTF-8 encoding). */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code)) {
      if (!isLowSurrogate(text.charCodeAt(i + 1))) return false;
      i++;
    } else if (isLowSurrogate(code)) return false;
  }
  return true;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
