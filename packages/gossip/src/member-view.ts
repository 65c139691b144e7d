// Member view: one member as an observer sees it, the read-only shape of `members()`, `member()`
// and every event. It adds the observer's own verdict to the record: `suspect` means "I saw its
// heartbeat stall" — a local opinion, never sent as a status; others' opinions are in
// `suspectedBy`.
import type { MemberRecord } from './member-record.js';

/** `up` and `suspect` are live; `down` and `left` are final for the member's generation. */
export type MemberStatus = 'up' | 'suspect' | 'down' | 'left';

export interface MemberView {
  readonly id: string;
  readonly address: string;
  readonly zone?: string;
  readonly weight: number;
  readonly generation: number;
  readonly heartbeat: number;
  readonly status: MemberStatus;
  /** The members known to have seen this (generation, heartbeat) stall, the observer included. */
  readonly suspectedBy: readonly string[];
}

/** The observer's status for a record: the record's final status, else whether it suspects it. */
export function statusOf(record: MemberRecord, observerId: string): MemberStatus {
  if (record.status !== 'up') return record.status;
  return record.suspectedBy.includes(observerId) ? 'suspect' : 'up';
}

export function viewOf(record: MemberRecord, observerId: string): MemberView {
  return { ...record, status: statusOf(record, observerId) };
}

/** `up` or `suspect`: not (yet) declared down, not left. */
export function isLive(status: MemberStatus): boolean {
  return status === 'up' || status === 'suspect';
}
