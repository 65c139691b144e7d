// Receipt: the consistency record every result and every failure carries, so a caller (and
// the simulator's checkers) can see what a request actually achieved: which nodes were asked,
// which acknowledged and whether each was a primary or a fallback holding a hint, which
// refused, whether a read saw divergent versions, and which replicas it repaired.
import type { Consistency } from './consistency.js';
import type { Key } from './key.js';
import type { RefusalReason } from './messages.js';
import type { Target } from './replica-plan.js';

/** One node's acknowledgement (a write) or answer (a read). */
export interface ReceiptAck {
  readonly node: string;
  readonly role: 'primary' | 'fallback';
  /** For a fallback: the down primary it holds a hint for. */
  readonly hintFor: string | undefined;
  readonly zone: string | undefined;
  /** Whether it counted towards R/W (false: outside the zone of a local_quorum request). */
  readonly counted: boolean;
  readonly atMs: number;
}

export interface Receipt {
  readonly op: 'get' | 'put' | 'delete';
  readonly key: Key;
  readonly keyspace: string;
  /** The level asked for (or the default), and what it resolved to. */
  readonly consistency: Consistency;
  readonly required: number;
  /** For local_quorum: the zone whose answers counted. */
  readonly zone: string | undefined;
  readonly sloppy: boolean;
  /** The key's primaries, preference order. */
  readonly primaries: readonly string[];
  /** Where the request went: up primaries, and fallbacks (with `hintFor`) for down ones. */
  readonly targets: readonly Target[];
  /** Down primaries that got no fallback. */
  readonly uncovered: readonly string[];
  /** The replica that coordinated a write (generated its dot); undefined for reads. */
  readonly coordinatedBy: string | undefined;
  /** Acks (writes) or answers (reads) by distinct node, in arrival order. */
  readonly acks: readonly ReceiptAck[];
  readonly refusals: readonly { readonly node: string; readonly reason: RefusalReason }[];
  /** Fallbacks that stored the write as a hint, and for whom. */
  readonly hintsWritten: readonly { readonly node: string; readonly hintFor: string }[];
  /** Reads: the answers were not all the same set. */
  readonly divergent: boolean;
  /** Reads: replicas sent the merged set because they answered and were behind, before the reply. */
  readonly readRepairs: readonly string[];
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}
