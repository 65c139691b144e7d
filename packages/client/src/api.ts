// The public API both entries export besides `connect` (src/index.ts for Node, src/browser.ts for
// browsers), so the two can never drift apart.
export type { KvClient } from './client.js';
export type { Connect } from './create-client.js';
export type { ConnectOptions } from './options.js';
export type { DeleteOptions, GetOptions, PutOptions, RequestOptions } from './request-options.js';
export type {
  ConflictResult,
  DeleteResult,
  GetResult,
  MissingResult,
  PutResult,
  ResolvedGetResult,
  Resolver,
  RingReport,
  StatusReport,
  ValueResult,
} from './results.js';
export { asContext } from './context.js';
export type { Context } from './context.js';
export type { ClientEvent, EventListener } from './events.js';
export type { ClientStats } from './stats.js';
export type { ValueMode } from './value-codec.js';
export type { Random } from './random.js';
export type { Socket, SocketFactory, SocketHandlers, SocketOptions } from './socket.js';
export { ClientAssertionError } from './errors.js';
export { clientDefaults, clientVersion } from './defaults.js';
export type { ClientDefaults, ReconnectDefaults } from './defaults.js';
export { backoffCeilingMs, backoffDelayMs } from './backoff.js';
export type { BackoffPolicy } from './backoff.js';
// From the protocol: the error every failure is, and the wire types results carry.
export { KvError, isKvError, errorCodeTable } from '@kv/protocol';
export type { Consistency, ErrorCode, Key, MemberInfo, Receipt, ReceiptAck } from '@kv/protocol';
