// @kv/protocol/peer: the node-to-node half of the wire protocol — peer message types, the peer
// frame codec and the bytes a handshake proof signs (PROTOCOL.md, "Peer protocol"). A separate
// entry point so that browser bundles of @kv/client never include it; index.ts must not import it.
export type * from './peer-messages.js';
export type { DecodeFrameOptions, FrameItem, FrameResult } from './frame.js';
export { decodePeerFrame, encodePeerFrame } from './peer-frame.js';
export type { PeerProofFields, PeerProofKind } from './peer-proof.js';
export { peerProofDomains, peerProofInput } from './peer-proof.js';
export { peerNonceBytesMax, peerNonceBytesMin, peerProofBytes } from './peer-message-validation.js';
