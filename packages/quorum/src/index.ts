// @kv/quorum: the sans-IO Dynamo request path — a Coordinator (N/R/W quorums per request, sloppy
// quorum, read repair, consistency receipts) and a Replica (coordinated writes with dotted
// version vectors, hinted handoff), each a `step(input, nowMs)` state machine. This barrel is
// the package's only public entry point.
export { Coordinator } from './coordinator.js';
export type { CoordinatorConfig, CoordinatorEvent, CoordinatorInput, CoordinatorOutput, CoordinatorStats } from './coordinator.js';
export { Replica, handoffTimerId } from './replica.js';
export { AntiEntropy, antiEntropyDefaults, antiEntropyPurgeTimerId, antiEntropyRebuildTimerId, antiEntropyTimerId } from './anti-entropy.js';
export type {
  AntiEntropyConfig,
  AntiEntropyDefaults,
  AntiEntropyEnvelope,
  AntiEntropyEvent,
  AntiEntropyInput,
  AntiEntropyOutput,
  AntiEntropyStats,
  ScannableReplicaStore,
} from './anti-entropy.js';
export type { AeAbortMessage, AeEntriesMessage, AeEntry, AePurgeCheckMessage, AePurgeMessage, AePurgeOkMessage, AeTreeMessage, AeWantMessage, AntiEntropyMessage } from './anti-entropy-messages.js';
export { antiEntropyLimits } from './anti-entropy-messages.js';
export { ObservedReplicaStore } from './observed-store.js';
export type { WriteObserver } from './observed-store.js';
export { setDigest, setDigestBytes } from './set-digest.js';
export type { ReplicaConfig, ReplicaEvent, ReplicaInput, ReplicaOutput, ReplicaStats } from './replica.js';
export type { ClientRequest, DeleteRequest, GetRequest, PutRequest } from './client-request.js';
export type { ClientReply, FailedReply, GetResult, WriteResult } from './client-reply.js';
export type { Receipt, ReceiptAck } from './receipt.js';
export type { ClusterView } from './cluster-view.js';
export type { Consistency } from './consistency.js';
export { majority } from './consistency.js';
export type { KeyspacePolicy } from './keyspace.js';
export { defaultKeyspace } from './keyspace.js';
export type { ReplicaPlan, Target } from './replica-plan.js';
export type {
  CoordinateMessage,
  CoordinatorMessageOf,
  Envelope,
  HandoffAckMessage,
  HandoffMessage,
  QuorumMessage,
  ReadMessage,
  ReadReplyMessage,
  RefusalReason,
  RepairMessage,
  ReplicaMessageOf,
  ReplicateMessage,
  WriteAckMessage,
  WriteOperation,
} from './messages.js';
export { roleOf } from './messages.js';
export { mayPrecedePersist } from './send-order.js';
export type { PersistRequest, TimerRequest } from './step-output.js';
export type { ReplicaStore } from './replica-store.js';
export { MemoryReplicaStore } from './replica-store.js';
export type { Hint, HintStore } from './hint-store.js';
export { MemoryHintStore } from './hint-store.js';
export type { Random } from './random.js';
export type { Key } from './key.js';
export { QuorumAssertionError, QuorumError } from './errors.js';
export type { QuorumErrorCode } from './errors.js';
export { coordinatorDefaults, quorumLimits, replicaDefaults } from './defaults.js';
export type { CoordinatorDefaults, ReplicaDefaults } from './defaults.js';
