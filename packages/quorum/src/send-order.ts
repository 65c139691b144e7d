// Send order: which envelopes of a step that asked for `persist` may leave before the group
// commit (the caller's loop otherwise holds them until the writes are durable).
//
// Only `replicate` may. It carries the set the coordinating replica just wrote to the other
// targets; each of them persists it before its own write-ack, and the client's coordinator
// counts only acks, so every acknowledgement still stands for a durable copy. If this node
// crashes before its commit, it loses its own copy but restarts under a new generation (a new
// actor id), so the dot the others hold is never generated twice (no kv679). Sending early lets
// the replicas' fsyncs run in parallel with ours: a write costs one fsync of latency, not two.
// Acks (write-ack, handoff-ack), read replies and handoffs always wait: they vouch for, or
// reveal, this node's copy.
import type { Envelope } from './messages.js';

export function mayPrecedePersist<V>(envelope: Envelope<V>): boolean {
  return envelope.message.type === 'replicate';
}
