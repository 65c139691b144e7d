// Request options: what each call accepts beside its key and value. Anything left out takes the
// client's default (connect options) or the node's (keyspace `default`, sloppy quorum).
import type { Consistency } from '@kv/protocol';
import type { Context } from './context.js';

export interface RequestOptions {
  /** This call's budget in ms (1..60 000), from the moment it is made; default the client's. */
  readonly timeoutMs?: number;
}

interface KeyRequestOptions extends RequestOptions {
  /** The replication policy (N) to use; default the node's `default` keyspace. */
  readonly keyspace?: string;
  /** false: strict quorum (primaries only, no hinted handoff); default the node's (true). */
  readonly sloppy?: boolean;
}

export interface GetOptions extends KeyRequestOptions {
  /** Read quorum; default the client's r, else the node's (quorum). */
  readonly r?: Consistency;
  /** true: siblings are the stored bytes; false: CBOR-decoded; default the client's `values`. */
  readonly raw?: boolean;
}

export interface PutOptions extends KeyRequestOptions {
  /** The context of the read this write follows; without it the value becomes a new sibling. */
  readonly context?: Context;
  /** Write quorum; default the client's w, else the node's (quorum). */
  readonly w?: Consistency;
  /** true: the value is a Uint8Array stored as is; default the client's `values`. */
  readonly raw?: boolean;
}

export interface DeleteOptions extends KeyRequestOptions {
  /** The context of the read this delete supersedes; without it the SDK reads first. */
  readonly context?: Context;
  readonly w?: Consistency;
  /** Read quorum of the read a delete without context makes first (default quorum). */
  readonly r?: Consistency;
}
