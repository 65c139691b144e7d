// Member table: this member's membership list — one record per member id, ourselves included,
// plus what only we know about each: when we last saw its (generation, heartbeat) advance.
// It applies incoming records with the merge rule (member-record.ts), raises our own
// suspicions when a heartbeat stalls, and takes the down decision: a record goes down when
// `downConfirmations` (≥ 2) distinct members are known to have seen the same
// (id, generation, heartbeat) stall. Every change that alters a member's status, as we see
// it, becomes an event.
import { suspicionTimeoutFor } from './detection-bound.js';
import { assert } from './errors.js';
import type { MemberRecord } from './member-record.js';
import { compareVersion, copyRecord, mergeRecords, withReporter, withStatus } from './member-record.js';
import { statusOf, viewOf } from './member-view.js';
import type { GossipEvent } from './output.js';
import type { MutableStats } from './stats.js';

export interface TableConfig {
  readonly suspicionTimeoutMs: number;
  readonly messageMembersMax: number;
  readonly downConfirmations: number;
  readonly membersMax: number;
  readonly leftRetentionMs: number;
}

interface Entry {
  record: MemberRecord;
  /** Our clock when this record's (generation, heartbeat) last advanced, or we first saw it. */
  lastAdvanceMs: number;
  /** Our clock when its status or generation last changed (read for `left` records). */
  statusSinceMs: number;
}

export class MemberTable {
  private readonly entries = new Map<string, Entry>();
  readonly selfId: string;

  constructor(
    self: MemberRecord,
    private readonly config: TableConfig,
    private readonly stats: MutableStats,
  ) {
    this.selfId = self.id;
    this.entries.set(self.id, { record: self, lastAdvanceMs: 0, statusSinceMs: 0 });
  }

  get self(): MemberRecord {
    return this.selfEntry().record;
  }

  /** Replaces our own record (a heartbeat, a leave, a new generation). */
  setSelf(record: MemberRecord): void {
    assert(record.id === this.selfId, 'setSelf with another id');
    this.selfEntry().record = record;
  }

  get(id: string): MemberRecord | undefined {
    return this.entries.get(id)?.record;
  }

  /** Every record, ourselves included, in the order members were first seen. */
  records(): MemberRecord[] {
    return Array.from(this.entries.values(), (entry) => entry.record);
  }

  /** The records of the other members, in the order they were first seen. */
  others(): MemberRecord[] {
    const out: MemberRecord[] = [];
    for (const entry of this.entries.values()) if (entry.record.id !== this.selfId) out.push(entry.record);
    return out;
  }

  /**
   * Merges a validated record of another member into the list (Dynamo §4.8.1: reconcile
   * membership histories). Keeps a copy of what it stores, never `incoming` itself.
   */
  apply(incoming: MemberRecord, nowMs: number, events: GossipEvent[]): void {
    assert(incoming.id !== this.selfId, 'apply: our own record goes through the self rules');
    const entry = this.entries.get(incoming.id);
    if (entry === undefined) {
      this.add(incoming, nowMs, events);
      return;
    }
    const merged = mergeRecords(entry.record, incoming);
    if (merged === entry.record) return;
    if (compareVersion(merged, entry.record) > 0) entry.lastAdvanceMs = nowMs;
    this.stats.recordsApplied++;
    this.replace(entry, merged === incoming ? copyRecord(incoming) : merged, nowMs, events);
  }

  /**
   * Adds us as a reporter to every live record whose heartbeat has not advanced for the
   * suspicion timeout in force (stretched when messages carry only a window of the list).
   */
  suspectStalled(nowMs: number, events: GossipEvent[]): void {
    const timeoutMs = suspicionTimeoutFor(this.config, this.entries.size);
    for (const entry of this.entries.values()) {
      const record = entry.record;
      if (record.id === this.selfId || record.status !== 'up' || record.suspectedBy.includes(this.selfId)) continue;
      if (nowMs - entry.lastAdvanceMs < timeoutMs) continue;
      this.stats.suspicionsRaised++;
      this.replace(entry, withReporter(record, this.selfId), nowMs, events);
    }
  }

  /** We were paused for `ms`: do not count that time against anyone's heartbeat. */
  shiftStallClocks(ms: number): void {
    for (const entry of this.entries.values()) entry.lastAdvanceMs += ms;
  }

  /** Forgets members that left more than `leftRetentionMs` ago. */
  forgetLeft(nowMs: number): void {
    for (const [id, entry] of this.entries) {
      if (id === this.selfId || entry.record.status !== 'left') continue;
      if (nowMs - entry.statusSinceMs < this.config.leftRetentionMs) continue;
      this.entries.delete(id);
      this.stats.leftForgotten++;
    }
  }

  private add(incoming: MemberRecord, nowMs: number, events: GossipEvent[]): void {
    if (this.entries.size >= this.config.membersMax) {
      this.stats.membersRefused++;
      return;
    }
    const record = this.decide(copyRecord(incoming));
    this.entries.set(record.id, { record, lastAdvanceMs: nowMs, statusSinceMs: nowMs });
    this.stats.recordsApplied++;
    events.push({ type: 'joined', member: viewOf(record, this.selfId) });
  }

  private replace(entry: Entry, next: MemberRecord, nowMs: number, events: GossipEvent[]): void {
    const before = entry.record;
    const after = this.decide(next);
    entry.record = after;
    if (after.status !== before.status || after.generation !== before.generation) entry.statusSinceMs = nowMs;
    const was = statusOf(before, this.selfId);
    const is = statusOf(after, this.selfId);
    if (was === 'suspect' && is === 'up') this.stats.refutations++;
    if (is !== was || after.generation !== before.generation) events.push({ type: is, member: viewOf(after, this.selfId) });
  }

  /** The two-source rule: enough distinct reporters of this very (generation, heartbeat) → down. */
  private decide(record: MemberRecord): MemberRecord {
    if (record.status !== 'up' || record.suspectedBy.length < this.config.downConfirmations) return record;
    this.stats.downsDecided++;
    return withStatus(record, 'down');
  }

  private selfEntry(): Entry {
    const entry = this.entries.get(this.selfId);
    assert(entry !== undefined, 'our own record is always in the table');
    return entry;
  }
}
