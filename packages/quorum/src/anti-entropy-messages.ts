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

export interface AeWantMessage {
  readonly type: 'ae-want';
  readonly sid: string;
  /** Keys whose sets the sender wants as `repair` messages. */
  readonly keys: readonly Key[];
}

export interface AeAbortMessage {
  readonly type: 'ae-abort';
  readonly sid: string;
  readonly reason: string;
}

export type AntiEntropyMessage = AeTreeMessage | AeEntriesMessage | AeWantMessage | AeAbortMessage;

export const antiEntropyTypes: ReadonlySet<string> = new Set(['ae-tree', 'ae-entries', 'ae-want', 'ae-abort']);

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
      const rawEntries = m['entries'];
      if (!Array.isArray(rawEntries) || rawEntries.length > antiEntropyLimits.itemsMax) return { problem: `entries must be an array of at most ${antiEntropyLimits.itemsMax}` };
      const entries: AeEntry[] = [];
      for (const entry of rawEntries as unknown[]) {
        if (typeof entry !== 'object' || entry === null) return { problem: 'an entry must be an object' };
        const { key, digest } = entry as { key?: unknown; digest?: unknown };
        const problem = keyProblem(key);
        if (problem !== undefined) return { problem: `entry key: ${problem}` };
        const checked = bytes(digest, 'entry digest', antiEntropyLimits.digestBytesMax);
        if (failed(checked)) return checked;
        entries.push({ key: key as Key, digest: checked });
      }
      return { type: 'ae-entries', sid, ...scope, segments: segments as number[], entries };
    }
    case 'ae-want': {
      const keys = m['keys'];
      if (!Array.isArray(keys) || keys.length > antiEntropyLimits.itemsMax) return { problem: `keys must be an array of at most ${antiEntropyLimits.itemsMax}` };
      for (const key of keys as unknown[]) {
        const problem = keyProblem(key);
        if (problem !== undefined) return { problem: `wanted key: ${problem}` };
      }
      return { type: 'ae-want', sid, keys: keys as Key[] };
    }
    case 'ae-abort': {
      const reason = text(m['reason'], 'reason', antiEntropyLimits.reasonCharsMax);
      return failed(reason) ? reason : { type: 'ae-abort', sid, reason };
    }
    default:
      return { problem: 'not an anti-entropy message type' };
  }
}
