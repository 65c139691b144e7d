// Client requests: what the node hands the Coordinator for each get, put or delete a client
// sends (after the protocol decoded the frame), and their validation. A request that fails
// validation is answered with BAD_REQUEST before anything is sent anywhere.
import { VclockError, decodeContext } from '@kv/vclock';
import type { Consistency } from './consistency.js';
import { quorumLimits } from './defaults.js';
import type { Key } from './key.js';
import { keyProblem } from './key.js';
import type { ResolvedKeyspace } from './keyspace.js';
import { defaultKeyspace } from './keyspace.js';
import type { WriteOperation } from './messages.js';

interface RequestCommon {
  /** The caller's id for the request, echoed in the reply; unique among this coordinator's requests in flight. */
  readonly requestId: string;
  readonly key: Key;
  /** Replication policy to use (default `default`). */
  readonly keyspace?: string;
  /** Overrides the coordinator's request timeout, 1..60 000 ms. */
  readonly timeoutMs?: number;
  /** false: strict quorum, primaries only, no hints. Default: the coordinator's `sloppy`. */
  readonly sloppy?: boolean;
}

export interface GetRequest extends RequestCommon {
  readonly op: 'get';
  readonly r?: Consistency;
}

export interface PutRequest<V> extends RequestCommon {
  readonly op: 'put';
  readonly value: V;
  /** The context token of the read this write follows; absent: a blind write (a new sibling). */
  readonly context?: string;
  readonly w?: Consistency;
}

export interface DeleteRequest extends RequestCommon {
  readonly op: 'delete';
  /** Required: a delete supersedes exactly what the reader saw (a blind delete would supersede nothing). */
  readonly context: string;
  readonly w?: Consistency;
}

export type ClientRequest<V> = GetRequest | PutRequest<V> | DeleteRequest;

/** A request that passed validation. */
export interface ValidRequest<V> {
  readonly op: 'get' | 'put' | 'delete';
  readonly requestId: string;
  readonly key: Key;
  readonly keyspace: string;
  readonly policy: ResolvedKeyspace;
  /** r for a get, w for a write, as given or defaulted (resolved against the plan later). */
  readonly level: unknown;
  readonly timeoutMs: number;
  readonly sloppy: boolean;
  /** Writes: what to write, and the client's context token (validated, forwarded as is). */
  readonly write: WriteOperation<V> | undefined;
  readonly contextToken: string | null;
}

export interface RequestDefaults {
  readonly r: Consistency;
  readonly w: Consistency;
  readonly sloppy: boolean;
  readonly requestTimeoutMs: number;
}

type Parsed<V> = { readonly ok: true; readonly request: ValidRequest<V> } | { readonly ok: false; readonly requestId: string; readonly message: string };

/** Validates a client request. `requestId` in a failure is '' when the request had none usable. */
export function parseClientRequest<V>(
  raw: unknown,
  keyspaces: ReadonlyMap<string, ResolvedKeyspace>,
  defaults: RequestDefaults,
  isValue: (value: unknown) => value is V,
): Parsed<V> {
  if (typeof raw !== 'object' || raw === null) return { ok: false, requestId: '', message: 'request must be an object' };
  const r = raw as Record<string, unknown>;
  const requestId = r['requestId'];
  if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > quorumLimits.requestIdCharsMax) {
    return { ok: false, requestId: '', message: `requestId must be a string of 1..${quorumLimits.requestIdCharsMax} characters` };
  }
  const bad = (message: string): Parsed<V> => ({ ok: false, requestId, message });
  const op = r['op'];
  if (op !== 'get' && op !== 'put' && op !== 'delete') return bad('op must be get, put or delete');
  const keyIssue = keyProblem(r['key']);
  if (keyIssue !== undefined) return bad(keyIssue);
  const keyspace = r['keyspace'] ?? defaultKeyspace;
  const policy = typeof keyspace === 'string' ? keyspaces.get(keyspace) : undefined;
  if (policy === undefined) return bad(`unknown keyspace ${JSON.stringify(keyspace)}`);
  const timeoutMs = r['timeoutMs'] ?? defaults.requestTimeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > quorumLimits.timeoutMsMax) {
    return bad(`timeoutMs must be an integer in 1..${quorumLimits.timeoutMsMax}`);
  }
  const sloppy = r['sloppy'] ?? defaults.sloppy;
  if (typeof sloppy !== 'boolean') return bad('sloppy must be a boolean');
  const tokenRaw = r['context'] ?? null;
  if (op === 'delete' && tokenRaw === null) return bad('delete needs the context of a read (a blind delete would supersede nothing)');
  if (op === 'get' && tokenRaw !== null) return bad('get takes no context');
  if (tokenRaw !== null) {
    if (typeof tokenRaw !== 'string') return bad('context must be a context token string');
    try {
      decodeContext(tokenRaw);
    } catch (error) {
      if (error instanceof VclockError) return bad(`context: ${error.message}`);
      throw error;
    }
  }
  let write: WriteOperation<V> | undefined;
  if (op === 'put') {
    if (!('value' in r) || !isValue(r['value'])) return bad('value is missing or not a valid value');
    write = { tombstone: false, value: r['value'] };
  } else if (op === 'delete') {
    write = { tombstone: true };
  }
  const level = op === 'get' ? (r['r'] ?? defaults.r) : (r['w'] ?? defaults.w);
  return {
    ok: true,
    request: {
      op,
      requestId,
      key: r['key'] as Key,
      keyspace: keyspace as string,
      policy,
      level,
      timeoutMs,
      sloppy,
      write,
      contextToken: tokenRaw as string | null,
    },
  };
}
