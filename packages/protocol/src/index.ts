// @kv/protocol: the kv wire protocol between clients and nodes — message types, the CBOR frame
// codec with per-message validation, the closed error-code table and KvError, version
// negotiation and limits (PROTOCOL.md). Node-to-node messages live in `@kv/protocol/peer`, so a
// browser client never bundles them.
export type * from './messages.js';
export type { ErrorCode, ErrorCodeInfo } from './error-codes.js';
export { errorCodeTable, errorCodes, isErrorCode } from './error-codes.js';
export type { KvErrorOptions } from './kv-error.js';
export { KvError, isKvError } from './kv-error.js';
export { negotiateVersion, protocolVersion, protocolVersionMin } from './version.js';
export type { ProtocolLimits } from './limits.js';
export { protocolLimits } from './limits.js';
export type { DecodeFrameOptions, FrameItem, FrameResult } from './frame.js';
export { decodeClientFrame, decodeServerFrame, encodeFrame } from './client-frame.js';
export { keyBytes, pairBytes, validateKey } from './key.js';
export { decodeValue, encodeValue } from './value-codec.js';
export { AssertionError } from './assert.js';
