// @kv/node: one kv cluster node — @kv/lsm storage, @kv/ring placement, @kv/gossip membership and
// @kv/quorum requests behind real WebSockets, timers and disks.
export type { Logger, NodeOptions, SyncPolicy } from './node-options.js';
export type { KvNode, NodeHealth, NodeStatus, RingStatus } from './node-handle.js';
export { startNode } from './runtime/start-node.js';
