// Anti-entropy messages: what two nodes' AntiEntropy cores send each other (anti-entropy.ts), as
// plain data, and their validation (a peer's message is untrusted input: a malformed one is
// dropped and counted, never thrown). The sets a repair moves travel as ordinary `repair`
// messages to the receiving node's Replica, so a repaired set goes through the same sync, kv679
// check and persist as any other write.
//
// Flow (I = initiator, R = responder; → one message):
//   I ─ae-tree(level 0)→ R ─ae-tree(level 1)→ I … until one side has the differing leaves
//   I ─ae-entries(segments, I's (key, digest) in them)→ R
//   R ─repair(set)→ I   for each key R holds newer or I lacks      (to I's Replica)
//   R ─ae-want(keys)→ I ─repair(set)→ R   for each key I holds that R lacks or differs
//   either side ─ae-abort→ the other when it cannot take part (no tree for the group, too busy)
// Tombstone purge (P = the purging member):
//   P ─ae-purge-check(group, old tombstones)→ every other ring member ─ae-purge-ok(keys)→ P
//   P ─ae-purge(the keys every member agreed to)→ the group's other members; each removes a key
//   whose digest is still the checked one, and so does P
import type { Key } from './key.js';
import { keyProblem } from './key.js';

export interface AeTreeMessage {
  readonly type: 'ae-tree';
  /** The exchange's id, chosen by the initiator. */
  readonly sid: string;
  /** The replica group (its members' ids, sorted, comma-joined) whose tree is compared. */
  readonly group: string;
  /** The sender's ring fingerprint: both sides must group keys by the same ring. */
  readonly ring: string;
  /** One encoded @kv/merkle LevelSlice. */
  readonly slice: Uint8Array;
}

export interface AeEntry {
  readonly key: Key;
  readonly digest: Uint8Array;
}

export interface AeEntriesMessage {
  readonly type: 'ae-entries';
  readonly sid: string;
  readonly group: string;
  readonly ring: string;
  /** The differing leaves (segments), ascending. */
  readonly segments: readonly number[];
  /** The sender's keys of the group in those segments, with their set digests. */
  readonly entries: readonly AeEntry[];
}

/** An exchange's or purge's id, with a list of keys. */
interface AeKeyList {
  readonly sid: string;
  readonly keys: readonly Key[];
}

/** `keys`: those whose sets the sender wants as `repair` messages. */
export interface AeWantMessage extends AeKeyList {
  readonly type: 'ae-want';
}

export interface AeAbortMessage {
  readonly type: 'ae-abort';
  readonly sid: string;
  readonly reason: string;
}

/**
 * Purge initiator → every other ring member: which of these old tombstones may go? A member of
 * the group answers with the keys it holds with the same digest and no hint for; any other node
 * with the keys it holds no hint for (a hint could bring an older value back after a purge).
 */
export interface AePurgeCheckMessage extends AeTombstoneList {
  readonly type: 'ae-purge-check';
}

/** `keys`: those of the check this node agrees to purge. */
export interface AePurgeOkMessage extends AeKeyList {
  readonly type: 'ae-purge-ok';
}

/** Purge initiator → the group's members: remove these tombstones if your digest is still this one. */
export interface AePurgeMessage extends AeTombstoneList {
  readonly type: 'ae-purge';
}

/** A purge's id and scope, with the tombstones' keys and digests. */
interface AeTombstoneList {
  readonly sid: string;
  readonly group: string;
  readonly ring: string;
  readonly entries: readonly AeEntry[];
}

export type AntiEntropyMessage = AeTreeMessage | AeEntriesMessage | AeWantMessage | AeAbortMessage | AePurgeCheckMessage | AePurgeOkMessage | AePurgeMessage;

export const antiEntropyTypes: ReadonlySet<string> = new Set(['ae-tree', 'ae-entries', 'ae-want', 'ae-abort', 'ae-purge-check', 'ae-purge-ok', 'ae-purge']);

/** Bounds on a received message (DESIGN.md: every buffer bounded). */
export const antiEntropyLimits = {
  sidCharsMax: 64,
  groupCharsMax: 4096,
  ringCharsMax: 128,
  reasonCharsMax: 256,
  /** Entries or keys in one message. */
  itemsMax: 65_536,
  segmentsMax: 65_536,
  digestBytesMax: 64,
  sliceBytesMax: 16 * 1024 * 1024,
} as const;

type Parsed = AntiEntropyMessage | { readonly problem: string };

function text(raw: unknown, field: string, charsMax: number): string | { readonly problem: string } {
  return typeof raw === 'string' && raw.length > 0 && raw.length <= charsMax ? raw : { problem: `${field} must be a string of 1..${charsMax} characters` };
}

function bytes(raw: unknown, field: string, bytesMax: number): Uint8Array | { readonly problem: string } {
  return raw instanceof Uint8Array && raw.length <= bytesMax ? raw : { problem: `${field} must be bytes, at most ${bytesMax}` };
}

const failed = (value: unknown): value is { readonly problem: string } => typeof value === 'object' && value !== null && 'problem' in value;

function groupAndRing(m: Record<string, unknown>): { readonly group: string; readonly ring: string } | { readonly problem: string } {
  const group = text(m['group'], 'group', antiEntropyLimits.groupCharsMax);
  if (failed(group)) return group;
  const ring = text(m['ring'], 'ring', antiEntropyLimits.ringCharsMax);
  return failed(ring) ? ring : { group, ring };
}

function entryList(raw: unknown): AeEntry[] | { readonly problem: string } {
  if (!Array.isArray(raw) || raw.length > antiEntropyLimits.itemsMax) return { problem: `entries must be an array of at most ${antiEntropyLimits.itemsMax}` };
  const entries: AeEntry[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return { problem: 'an entry must be an object' };
    const { key, digest } = entry as { key?: unknown; digest?: unknown };
    const problem = keyProblem(key);
    if (problem !== undefined) return { problem: `entry key: ${problem}` };
    const checked = bytes(digest, 'entry digest', antiEntropyLimits.digestBytesMax);
    if (failed(checked)) return checked;
    entries.push({ key: key as Key, digest: checked });
  }
  return entries;
}

function keyList(raw: unknown): Key[] | { readonly problem: string } {
  if (!Array.isArray(raw) || raw.length > antiEntropyLimits.itemsMax) return { problem: `keys must be an array of at most ${antiEntropyLimits.itemsMax}` };
  for (const key of raw as unknown[]) {
    const problem = keyProblem(key);
    if (problem !== undefined) return { problem: `key: ${problem}` };
  }
  return raw as Key[];
}

/** Validates a peer's anti-entropy message. */
export function parseAntiEntropyMessage(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'message must be an object' };
  const m = raw as Record<string, unknown>;
  const sid = text(m['sid'], 'sid', antiEntropyLimits.sidCharsMax);
  if (failed(sid)) return sid;
  switch (m['type']) {
    case 'ae-tree': {
      const scope = groupAndRing(m);
      if (failed(scope)) return scope;
      const slice = bytes(m['slice'], 'slice', antiEntropyLimits.sliceBytesMax);
      return failed(slice) ? slice : { type: 'ae-tree', sid, ...scope, slice };
    }
    case 'ae-entries': {
      const scope = groupAndRing(m);
      if (failed(scope)) return scope;
      const segments = m['segments'];
      if (!Array.isArray(segments) || segments.length > antiEntropyLimits.segmentsMax || !segments.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
        return { problem: `segments must be at most ${antiEntropyLimits.segmentsMax} integers ≥ 0` };
      }
      const entries = entryList(m['entries']);
      return failed(entries) ? entries : { type: 'ae-entries', sid, ...scope, segments: segments as number[], entries };
    }
    case 'ae-purge-check':
    case 'ae-purge': {
      const scope = groupAndRing(m);
      if (failed(scope)) return scope;
      const entries = entryList(m['entries']);
      return failed(entries) ? entries : { type: m['type'], sid, ...scope, entries };
    }
    case 'ae-want':
    case 'ae-purge-ok': {
      const keys = keyList(m['keys']);
      return failed(keys) ? keys : { type: m['type'], sid, keys };
    }
    case 'ae-abort': {
      const reason = text(m['reason'], 'reason', antiEntropyLimits.reasonCharsMax);
      return failed(reason) ? reason : { type: 'ae-abort', sid, reason };
    }
    default:
      return { problem: 'not an anti-entropy message type' };
  }
}
