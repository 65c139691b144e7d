// Client frames: encoding and decoding of the frames between a client and a node (PROTOCOL.md,
// "Frames"). A node decodes client frames with decodeClientFrame; a client decodes server frames
// with decodeServerFrame. Both sides encode with encodeFrame.
import { validateClientMessage } from './client-message-validation.js';
import { decodeMessages, encodeMessages, frameBytesMaxOf, type DecodeFrameOptions, type FrameResult } from './frame.js';
import { protocolLimits } from './limits.js';
import type { ClientMessage, ServerMessage } from './messages.js';
import { validateServerMessage } from './server-message-validation.js';

/** One frame of 1..messagesPerFrameMax messages (fewer or more is a programmer error). */
export function encodeFrame(messages: readonly (ClientMessage | ServerMessage)[]): Uint8Array {
  return encodeMessages(messages, protocolLimits.messagesPerFrameMax);
}

/** What a node uses: a frame from a client (default frameBytesMax: clientFrameBytesMax). */
export function decodeClientFrame(bytes: Uint8Array, options?: DecodeFrameOptions): FrameResult<ClientMessage> {
  return decodeMessages(bytes, {
    frameBytesMax: frameBytesMaxOf(options, protocolLimits.clientFrameBytesMax),
    messagesMax: protocolLimits.messagesPerFrameMax,
    validate: validateClientMessage,
    requestIds: true,
  });
}

/** What a client uses: a frame from a node (default frameBytesMax: serverFrameBytesMax). */
export function decodeServerFrame(bytes: Uint8Array, options?: DecodeFrameOptions): FrameResult<ServerMessage> {
  return decodeMessages(bytes, {
    frameBytesMax: frameBytesMaxOf(options, protocolLimits.serverFrameBytesMax),
    messagesMax: protocolLimits.messagesPerFrameMax,
    validate: validateServerMessage,
    requestIds: true,
  });
}
