// Frame: the unit of transfer, one WebSocket binary message holding ONE CBOR array of
// 1..messagesMax messages (PROTOCOL.md, "Frames"). Decoding is two-level: a frame that is too
// big, not CBOR or not a non-empty array fails as a whole (FRAME_TOO_LARGE / BAD_FRAME); inside
// a good frame every message is validated on its own and fails alone, with its id when it had a
// valid one, so one bad request never costs its neighbours. Decoding never throws.
import { assert } from './assert.js';
import { decodeCbor, encodeCbor, isPlainObject } from './cbor.js';
import type { ErrorCode } from './error-codes.js';
import { isKvError } from './kv-error.js';
import { protocolLimits } from './limits.js';

/** One message of a decoded frame: validated, or refused with the code and reason to report. */
export type FrameItem<M> =
  | { readonly ok: true; readonly message: M }
  | { readonly ok: false; readonly id: number | null; readonly code: ErrorCode; readonly message: string };

/** A decoded frame: its items, or why the whole frame was refused. */
export type FrameResult<M> =
  | { readonly ok: true; readonly items: readonly FrameItem<M>[] }
  | { readonly ok: false; readonly code: 'BAD_FRAME' | 'FRAME_TOO_LARGE'; readonly message: string };

export interface DecodeFrameOptions {
  /** Refuse frames longer than this many bytes, before decoding (default: the side's limit). */
  readonly frameBytesMax?: number;
}

/** Reads one decoded message into its validated shape, or throws KvError (BAD_REQUEST). */
export type MessageValidator<M> = (value: unknown) => M;

export interface FrameRules<M> {
  readonly frameBytesMax: number;
  readonly messagesMax: number;
  readonly validate: MessageValidator<M>;
  /** Whether messages carry request ids (client traffic); peer messages have none, so failed items say null. */
  readonly requestIds: boolean;
}

/** Encodes `messages` as one frame; an empty or over-long list is a programmer error. */
export function encodeMessages(messages: readonly unknown[], messagesMax: number): Uint8Array {
  assert(messages.length >= 1, 'a frame holds at least one message');
  assert(messages.length <= messagesMax, `a frame holds at most ${messagesMax} messages, got ${messages.length}`);
  return encodeCbor(messages);
}

export function decodeMessages<M>(bytes: Uint8Array, rules: FrameRules<M>): FrameResult<M> {
  if (bytes.length > rules.frameBytesMax) {
    return { ok: false, code: 'FRAME_TOO_LARGE', message: `frame has ${bytes.length} bytes, over frameBytesMax ${rules.frameBytesMax}` };
  }
  const decoded = decodeCbor(bytes);
  if (!decoded.ok) return { ok: false, code: 'BAD_FRAME', message: `frame is not one CBOR item: ${decoded.message}` };
  const messages = decoded.value;
  if (!Array.isArray(messages)) return { ok: false, code: 'BAD_FRAME', message: 'frame is not a CBOR array of messages' };
  if (messages.length < 1 || messages.length > rules.messagesMax) {
    return { ok: false, code: 'BAD_FRAME', message: `frame must hold 1..${rules.messagesMax} messages, has ${messages.length}` };
  }
  return { ok: true, items: messages.map((m: unknown) => decodeItem(m, rules)) };
}

/** The frameBytesMax to use: the caller's, checked, or the side's default. */
export function frameBytesMaxOf(options: DecodeFrameOptions | undefined, defaultBytes: number): number {
  const frameBytesMax = options?.frameBytesMax ?? defaultBytes;
  assert(Number.isSafeInteger(frameBytesMax) && frameBytesMax >= 1, `frameBytesMax must be a positive integer, got ${frameBytesMax}`);
  return frameBytesMax;
}

function decodeItem<M>(value: unknown, rules: FrameRules<M>): FrameItem<M> {
  try {
    return { ok: true, message: rules.validate(value) };
  } catch (error) {
    const id = rules.requestIds ? requestIdOf(value) : null;
    if (isKvError(error)) return { ok: false, id, code: error.code, message: error.message };
    // A validator that throws anything else is a bug; report it on the item, never crash the reader.
    const reason = error instanceof Error ? error.message : 'unknown';
    return { ok: false, id, code: 'INTERNAL', message: `message validator failed: ${reason}` };
  }
}

/** The message's `id` when it is a valid request id, else null (what a failed item carries). */
export function requestIdOf(value: unknown): number | null {
  if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, 'id')) return null;
  const id = value['id'];
  return isRequestId(id) ? id : null;
}

export function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= protocolLimits.requestIdMax;
}
