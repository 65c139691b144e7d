// Member record: what one member knows about another, as it travels in messages, and the merge
// rule that keeps the newest information. Records of one id form a join-semilattice — merge
// is commutative, associative and idempotent (property-tested) — so members converge to the
// same records whatever order and however often gossip delivers them:
//   1. a higher generation (a restart) replaces everything of a lower one;
//   2. within a generation, the highest heartbeat wins, and `left` > `down` > `up`: a final
//      decision for (id, generation) stays final, whatever heartbeat comes later;
//   3. suspicions (`suspectedBy`) belong to one heartbeat: at equal heartbeats the reporter
//      sets unite, a higher heartbeat drops them (it refutes them), a final status clears them.
// The down decision drawn from `suspectedBy` is not part of the merge: member-table.ts.

/** A record's status on the wire: `up` (no final decision known), or final for its generation. */
export type RecordStatus = 'up' | 'down' | 'left';

export interface MemberRecord {
  readonly id: string;
  readonly address: string;
  readonly zone?: string;
  readonly weight: number;
  /** Chosen by the member, persisted, greater after every restart. */
  readonly generation: number;
  /** Bumped by the member once per gossip round. */
  readonly heartbeat: number;
  readonly status: RecordStatus;
  /** Members that saw this (generation, heartbeat) stall, ascending, distinct; empty unless `up`. */
  readonly suspectedBy: readonly string[];
}

/** The shared empty reporter list. */
export const NO_REPORTERS: readonly string[] = Object.freeze([]);

const statusRank: Readonly<Record<RecordStatus, number>> = { up: 0, down: 1, left: 2 };

/** Orders records of one id by (generation, heartbeat): < 0, 0 or > 0. */
export function compareVersion(a: MemberRecord, b: MemberRecord): number {
  return a.generation !== b.generation ? a.generation - b.generation : a.heartbeat - b.heartbeat;
}

/**
 * The merge of two records of the same id. Returns `a` or `b` itself when one already holds
 * the result (the common case: no allocation), otherwise a new record.
 */
export function mergeRecords(a: MemberRecord, b: MemberRecord): MemberRecord {
  if (a.generation !== b.generation) return a.generation > b.generation ? a : b;
  const status = statusRank[a.status] >= statusRank[b.status] ? a.status : b.status;
  let newer: MemberRecord;
  let suspectedBy: readonly string[];
  if (a.heartbeat !== b.heartbeat) {
    newer = a.heartbeat > b.heartbeat ? a : b;
    suspectedBy = newer.suspectedBy;
  } else {
    newer = compareMetadata(a, b) >= 0 ? a : b;
    suspectedBy = unionSorted(a.suspectedBy, b.suspectedBy);
  }
  if (status !== 'up') suspectedBy = NO_REPORTERS;
  if (status === newer.status && sameList(suspectedBy, newer.suspectedBy)) return newer;
  return copyRecord(newer, status, suspectedBy);
}

/**
 * A fresh record with exactly the record fields of `record` (unknown fields from the wire are
 * left behind), optionally with another status and reporter list.
 */
export function copyRecord(
  record: MemberRecord,
  status: RecordStatus = record.status,
  suspectedBy: readonly string[] = record.suspectedBy,
): MemberRecord {
  const { id, address, zone, weight, generation, heartbeat } = record;
  return zone === undefined
    ? { id, address, weight, generation, heartbeat, status, suspectedBy }
    : { id, address, zone, weight, generation, heartbeat, status, suspectedBy };
}

/** `record` with `reporter` added to its suspicions (a new record), or `record` if already there. */
export function withReporter(record: MemberRecord, reporter: string): MemberRecord {
  if (record.suspectedBy.includes(reporter)) return record;
  return copyRecord(record, record.status, unionSorted(record.suspectedBy, [reporter]));
}

/** `record` with a final status (suspicions cleared). */
export function withStatus(record: MemberRecord, status: RecordStatus): MemberRecord {
  return copyRecord(record, status, NO_REPORTERS);
}

/** A total order on the fields a generation should never change (a tiebreak for buggy peers). */
function compareMetadata(a: MemberRecord, b: MemberRecord): number {
  if (a.address === b.address && a.zone === b.zone && a.weight === b.weight) return 0;
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  const za = a.zone ?? '';
  const zb = b.zone ?? '';
  if (za !== zb) return za < zb ? -1 : 1;
  return a.weight - b.weight;
}

/** The sorted union of two sorted, distinct lists. */
function unionSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x as string);
      i++;
    } else if (x === undefined || y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
