// Context tokens: the opaque string a reader gets with a value and hands back with its next
// write, so the write supersedes exactly what the reader saw. Compact (varints, no
// timestamps), checksummed and base64url, so it travels in JSON, URLs and headers. Clients
// must treat it as opaque. Format (README "Context token"; version byte = tokenFormatVersion):
//
//   token   := base64url(payload)                         RFC 4648 §5, no padding
//   payload := version:u8 count:uvarint entry{count} check:u32le
//   entry   := actorBytes:uvarint actor:utf8[actorBytes] counter:uvarint
//   check   := xxHash32(every payload byte before it, seed 0)
//
// Decoding validates everything and throws VclockError('BAD_REQUEST'), never a wrong clock.
import { compareActors } from './actor';
import { assert } from './assert';
import { base64urlnopad } from '@scure/base';
import { xxHash32 } from 'js-xxhash';
import { contextLimits } from './defaults';
import { badRequest } from './errors';
import type { VclockError } from './errors';
import { utf8Encode } from './utf8';
import { uvarintBytes, uvarintDecode, uvarintEncode } from './uvarint';
import type { Clock, ClockEntry } from './version-vector';
import { assertClock } from './version-vector';

/** The first payload byte. A new layout takes a new number; old numbers are never reused. */
export const tokenFormatVersion = 1;

const checkBytes = 4;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a clock (from `contextOf`) as an opaque token. Timestamps are not carried. */
export function encodeContext(clock: Clock): string {
  assertClock(clock, 'encodeContext');
  const actors = clock.map((entry) => utf8Encode(entry.actor));
  let size = 1 + uvarintBytes(clock.length) + checkBytes;
  clock.forEach((entry, i) => {
    const length = (actors[i] as Uint8Array).length;
    size += uvarintBytes(length) + length + uvarintBytes(entry.counter);
  });
  const bytes = new Uint8Array(size);
  bytes[0] = tokenFormatVersion;
  let at = uvarintEncode(clock.length, bytes, 1);
  clock.forEach((entry, i) => {
    const actor = actors[i] as Uint8Array;
    at = uvarintEncode(actor.length, bytes, at);
    bytes.set(actor, at);
    at += actor.length;
    at = uvarintEncode(entry.counter, bytes, at);
  });
  new DataView(bytes.buffer).setUint32(at, checksum(bytes, at), true);
  assert(at + checkBytes === size, 'encodeContext: size mismatch');
  const token = base64urlnopad.encode(bytes);
  assert(
    token.length <= contextLimits.tokenCharsMax,
    `encodeContext: token of ${token.length} chars exceeds tokenCharsMax ${contextLimits.tokenCharsMax}; prune the clock`,
  );
  return token;
}

function malformed(why: string): VclockError {
  return badRequest(`malformed context token: ${why}`);
}

/** The token's integrity check: xxHash32 (seed 0) of `bytes[0 .. end)`. Catches corruption, not forgery. */
function checksum(bytes: Uint8Array, end: number): number {
  return xxHash32(bytes.subarray(0, end), 0);
}

/** Strict base64url without padding (@scure/base): one token per byte string, nothing else accepted. */
function fromBase64url(token: string): Uint8Array {
  try {
    return base64urlnopad.decode(token);
  } catch (error) {
    throw malformed(`not base64url: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decodes and validates a token. Every entry's `timestampMs` is 0 (unknown). */
export function decodeContext(token: unknown): Clock {
  if (typeof token !== 'string') throw malformed(`expected a string, got ${typeof token}`);
  if (token.length > contextLimits.tokenCharsMax) {
    throw malformed(`${token.length} chars exceeds tokenCharsMax ${contextLimits.tokenCharsMax}`);
  }
  const bytes = fromBase64url(token);
  if (bytes.length < 1 + 1 + checkBytes) throw malformed(`${bytes.length} bytes is too short`);
  if (bytes[0] !== tokenFormatVersion) throw malformed(`unsupported version ${bytes[0]}`);
  const end = bytes.length - checkBytes;
  if (new DataView(bytes.buffer, bytes.byteOffset).getUint32(end, true) !== checksum(bytes, end)) throw malformed('checksum mismatch');
  return decodeEntries(bytes, end);
}

function decodeEntries(bytes: Uint8Array, end: number): Clock {
  const count = uvarintDecode(bytes, 1);
  if (typeof count === 'string') throw malformed(count);
  if (count.value > contextLimits.entriesMax) {
    throw malformed(`${count.value} entries exceeds entriesMax ${contextLimits.entriesMax}`);
  }
  const clock: ClockEntry[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const length = uvarintDecode(bytes, at);
    if (typeof length === 'string') throw malformed(length);
    if (length.value === 0 || length.value > contextLimits.actorBytesMax) {
      throw malformed(`actor of ${length.value} bytes (must be 1..${contextLimits.actorBytesMax})`);
    }
    if (length.next + length.value > end) throw malformed(`entry ${i} runs past the end`);
    let actor: string;
    try {
      actor = utf8Decoder.decode(bytes.subarray(length.next, length.next + length.value));
    } catch {
      throw malformed(`actor of entry ${i} is not valid UTF-8`);
    }
    const counter = uvarintDecode(bytes, length.next + length.value);
    if (typeof counter === 'string') throw malformed(counter);
    if (counter.next > end) throw malformed(`entry ${i} runs past the end`);
    if (counter.value === 0) throw malformed(`counter of entry ${i} is 0`);
    const previous = clock[i - 1];
    if (previous !== undefined && compareActors(previous.actor, actor) >= 0) {
      throw malformed(`actors not sorted and unique at entry ${i}`);
    }
    clock.push({ actor, counter: counter.value, timestampMs: 0 });
    at = counter.next;
  }
  if (at > end) throw malformed('entry count runs past the end');
  if (at < end) throw malformed(`${end - at} trailing bytes`);
  return clock;
}
