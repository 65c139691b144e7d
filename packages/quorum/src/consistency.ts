// Consistency levels: how many answers (R for a get, W for a put or delete) a request needs
// before the coordinator replies, Dynamo §4.5's R and W made per request as in Riak and
// Cassandra. A level resolves against the keyspace's N (its configured replica count, not the
// live ring's size: `all` means all N copies, and a ring smaller than N cannot satisfy it).
//
// - a number k, 1 ≤ k ≤ N: k answers from distinct nodes;
// - `one` = 1; `quorum` = ⌊N/2⌋ + 1; `all` = N;
// - `local_quorum` = ⌊L/2⌋ + 1 answers from distinct nodes in the coordinator's own zone, where
//   L is the number of the key's primary replicas in that zone (per-zone counts come from the
//   keyspace policy, or from the zone-aware preference list). Answers from other zones are
//   recorded in the receipt but do not count. A fallback counts when it is in that zone.
import type { QuorumErrorCode } from './errors.js';

export type Consistency = number | 'one' | 'quorum' | 'all' | 'local_quorum';

export type RequiredAnswers =
  | { readonly ok: true; readonly required: number; readonly zone: string | undefined }
  | { readonly ok: false; readonly code: QuorumErrorCode; readonly message: string };

export interface ConsistencyScope {
  /** The keyspace's replica count N. */
  readonly n: number;
  /** The coordinator's zone (`ring.member(self).zone`), if it has one. */
  readonly selfZone: string | undefined;
  /** How many of the key's primaries are in `selfZone` (L, for `local_quorum`). */
  readonly localReplicas: number;
}

/** Resolves a consistency level to the number of answers needed and the zone they must come from. */
export function requiredAnswers(level: unknown, scope: ConsistencyScope, what: 'r' | 'w'): RequiredAnswers {
  const { n } = scope;
  if (typeof level === 'number') {
    if (!Number.isSafeInteger(level) || level < 1 || level > n) {
      return bad(`${what} must be an integer in 1..${n} (N of this keyspace), got ${level}`);
    }
    return { ok: true, required: level, zone: undefined };
  }
  switch (level) {
    case 'one':
      return { ok: true, required: 1, zone: undefined };
    case 'quorum':
      return { ok: true, required: majority(n), zone: undefined };
    case 'all':
      return { ok: true, required: n, zone: undefined };
    case 'local_quorum':
      if (scope.selfZone === undefined) return bad(`${what} = local_quorum needs the coordinator to be in a zone`);
      if (scope.localReplicas === 0) {
        return { ok: false, code: 'UNAVAILABLE', message: `no replica of this key lives in zone ${scope.selfZone} (local_quorum)` };
      }
      return { ok: true, required: majority(scope.localReplicas), zone: scope.selfZone };
    default:
      return bad(`${what} must be an integer or one of one, quorum, all, local_quorum, got ${describe(level)}`);
  }
}

/** ⌊n/2⌋ + 1: any two majorities of n intersect. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function bad(message: string): RequiredAnswers {
  return { ok: false, code: 'BAD_REQUEST', message };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}
