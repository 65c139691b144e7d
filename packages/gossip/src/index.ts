// @kv/gossip: membership and failure detection for a Dynamo-style cluster as a sans-IO state
// machine — heartbeat gossip, a down decision only when two members agree, join through
// seeds, graceful leave. This barrel is the package's only public surface.
export { gossipDefaults, gossipLimits, lanDefaults, wanDefaults } from './defaults.js';
export { detectionBoundMs, spreadRounds, suspicionTimeoutFor } from './detection-bound.js';
export { GossipError } from './errors.js';
export type { GossipErrorCode } from './errors.js';
export { Gossip } from './gossip.js';
export type { GossipSelf } from './gossip.js';
export type { GossipInput } from './input.js';
export { mergeRecords } from './member-record.js';
export type { MemberRecord, RecordStatus } from './member-record.js';
export type { MemberStatus, MemberView } from './member-view.js';
export { GOSSIP_PROTOCOL_VERSION, parseMessage } from './message.js';
export type { GossipMessage, GossipMessageType, ParseResult, RejectReason } from './message.js';
export type { GossipOptions, GossipTuning } from './options.js';
export type { Envelope, GossipEvent, GossipOutput, PersistRequest, TimerRequest } from './output.js';
export type { Random } from './random.js';
export type { GossipStats } from './stats.js';
