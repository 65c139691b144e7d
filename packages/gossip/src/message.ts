// Message: the one wire shape gossip sends, plain JSON-able data the node encodes (CBOR), and
// its validation. Three types share it: `gossip` (the periodic push), `join` (a new member's
// hello to a seed, asking for a `sync`) and `sync` (a member's list sent on request). Every
// incoming message is validated here before any of it is used; anything that does not match
// the grammar in README.md ("Messages") is dropped whole and counted — a peer can never make
// `step` throw, and nothing of a rejected message is applied.
import { gossipLimits } from './defaults.js';
import type { MemberRecord, RecordStatus } from './member-record.js';

/** The protocol version this package speaks; a message with another `version` is dropped. */
export const GOSSIP_PROTOCOL_VERSION = 1;

export type GossipMessageType = 'gossip' | 'join' | 'sync';

export interface GossipMessage {
  readonly version: typeof GOSSIP_PROTOCOL_VERSION;
  readonly type: GossipMessageType;
  /** The sender's member id; `members[0]` is the sender's own record. */
  readonly sender: string;
  /** At most `messageMembersMax` records, distinct ids. */
  readonly members: readonly MemberRecord[];
}

/** Why a message was dropped: it breaks the grammar, or speaks another protocol version. */
export type RejectReason = 'malformed' | 'version';

export type ParseResult = { readonly ok: true; readonly message: GossipMessage } | { readonly ok: false; readonly reason: RejectReason };

const MALFORMED: ParseResult = { ok: false, reason: 'malformed' };
const messageTypes: ReadonlySet<unknown> = new Set<GossipMessageType>(['gossip', 'join', 'sync']);
const recordStatuses: ReadonlySet<unknown> = new Set<RecordStatus>(['up', 'down', 'left']);

/**
 * Validates `raw` against the message grammar (README.md, "Messages"). On success it returns
 * `raw` itself, typed: nothing is copied here (most records of a gossip message are not news
 * and are never stored); the table stores a clean copy of what it keeps (`copyRecord`).
 */
export function parseMessage(raw: unknown, messageMembersMax: number): ParseResult {
  if (!isObject(raw)) return MALFORMED;
  if (raw.version !== GOSSIP_PROTOCOL_VERSION) return typeof raw.version === 'number' ? { ok: false, reason: 'version' } : MALFORMED;
  const { type, sender, members } = raw;
  if (!messageTypes.has(type) || !isId(sender) || !Array.isArray(members)) return MALFORMED;
  if (members.length === 0 || members.length > messageMembersMax) return MALFORMED;
  const ids = new Set<string>();
  for (const item of members as unknown[]) {
    if (!isRecord(item) || ids.has(item.id)) return MALFORMED;
    ids.add(item.id);
  }
  if ((members[0] as MemberRecord).id !== sender) return MALFORMED;
  return { ok: true, message: raw as unknown as GossipMessage };
}

/**
 * Whether `raw` is a record in canonical form: every field valid, `suspectedBy` strictly
 * ascending (so distinct) and empty unless `status` is `up`, no reporter equal to the record's
 * own id. Unknown extra fields are allowed (and dropped when the record is copied).
 */
export function isRecord(raw: unknown): raw is MemberRecord {
  if (!isObject(raw)) return false;
  const { id, address, zone, weight, generation, heartbeat, status, suspectedBy } = raw;
  if (!isId(id) || !isText(address, gossipLimits.addressCharsMax)) return false;
  if (zone !== undefined && !isText(zone, gossipLimits.zoneCharsMax)) return false;
  if (typeof weight !== 'number' || !(weight > 0) || weight > gossipLimits.weightMax) return false;
  if (!isCounter(generation) || !isCounter(heartbeat) || !recordStatuses.has(status)) return false;
  return areReporters(suspectedBy, id, status === 'up');
}

function areReporters(raw: unknown, subject: string, allowed: boolean): boolean {
  if (!Array.isArray(raw)) return false;
  if (raw.length === 0) return true;
  if (!allowed || raw.length > gossipLimits.suspectedByMax) return false;
  let previous = '';
  for (const reporter of raw as unknown[]) {
    if (!isId(reporter) || reporter === subject || reporter <= previous) return false;
    previous = reporter;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, charsMax: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= charsMax;
}

function isId(value: unknown): value is string {
  return isText(value, gossipLimits.idCharsMax);
}

function isCounter(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
