// The handle `startNode` returns: what a process (kv-server), a test or an embedding app can ask
// of a running node.
import type { StatusReplyMessage, RingReplyMessage } from '@kv/protocol';
import type { Registry } from 'prom-client';

export type NodeStatus = Omit<StatusReplyMessage, 't' | 'id'>;
export type RingStatus = Omit<RingReplyMessage, 't' | 'id'>;

export interface NodeHealth {
  /** ok: serving and sees every known member up; degraded: serving, some member down or suspect; stopping: closing. */
  readonly status: 'ok' | 'degraded' | 'stopping';
  readonly node: string;
  readonly generation: number;
  readonly membersUp: number;
  readonly membersDown: number;
  readonly hintsPending: number;
}

export interface KvNode {
  readonly id: string;
  /** This incarnation's generation (persisted before the node served). */
  readonly generation: number;
  /** Client and peer URL, ws://advertiseHost:port (the port actually bound, when port was 0). */
  readonly url: string;
  /** Prometheus metrics of this node (prom-client registry, not the global one). */
  readonly metrics: Registry;
  health(): NodeHealth;
  status(): NodeStatus;
  ring(): RingStatus;
  /** Stops taking requests, answers what is in flight (or fails it with UNAVAILABLE), tells peers it is going (gossip), flushes and closes the store. */
  close(): Promise<void>;
  /** Resolves when the node has closed (by close() or a fatal storage error). */
  readonly closed: Promise<void>;
}
