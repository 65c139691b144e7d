// Peer frames: encoding and decoding of the frames between nodes (PROTOCOL.md, "Peer
// protocol"). The same grammar as client frames, with larger limits: a node coalesces every
// message queued for a peer in one event-loop turn into one frame.
import { decodeMessages, encodeMessages, frameBytesMaxOf, type DecodeFrameOptions, type FrameResult } from './frame.js';
import { protocolLimits } from './limits.js';
import { validatePeerMessage } from './peer-message-validation.js';
import type { PeerMessage } from './peer-messages.js';

/** One frame of 1..peerMessagesPerFrameMax messages (fewer or more is a programmer error). */
export function encodePeerFrame(messages: readonly PeerMessage[]): Uint8Array {
  return encodeMessages(messages, protocolLimits.peerMessagesPerFrameMax);
}

/** A frame from a peer (default frameBytesMax: peerFrameBytesMax). */
export function decodePeerFrame(bytes: Uint8Array, options?: DecodeFrameOptions): FrameResult<PeerMessage> {
  return decodeMessages(bytes, {
    frameBytesMax: frameBytesMaxOf(options, protocolLimits.peerFrameBytesMax),
    messagesMax: protocolLimits.peerMessagesPerFrameMax,
    validate: validatePeerMessage,
    requestIds: false,
  });
}
