// Message validation: everything a node receives from another node is untrusted input
// (a buggy or hostile peer, a corrupted frame). Each parser checks every field's type and bound
// and decodes sibling sets with vclock's validating `fromPlain`; anything wrong yields a
// problem string, and the core drops the message and counts it. Nothing here throws out.
import type { Dot, SiblingSet } from '@kv/vclock';
import { VclockError, contextLimits, fromPlain } from '@kv/vclock';
import { quorumLimits } from './defaults.js';
import type { Key } from './key.js';
import { keyProblem } from './key.js';
import type { CoordinatorMessageOf, ReplicaMessageOf, WriteOperation } from './messages.js';
import type { Target } from './replica-plan.js';

/** Longest node id (the ring's member id limit) and request op id we accept. */
const nodeIdCharsMax = 256;
const opIdCharsMax = 64;

/** A message as a core handles it: sets decoded and validated. */
export type ReceivedReplicaMessage<V> = ReplicaMessageOf<V, SiblingSet<V>>;
export type ReceivedCoordinatorMessage<V> = CoordinatorMessageOf<SiblingSet<V>>;

export type ValueCheck<V> = (value: unknown) => value is V;

class Malformed extends Error {}

function fail(problem: string): never {
  throw new Malformed(problem);
}

/** Runs a parser; a Malformed or VclockError becomes a problem string. */
function guarded<T>(parse: () => T): T | { readonly problem: string } {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Malformed || error instanceof VclockError) return { problem: error.message };
    throw error;
  }
}

/**
 * A peer's value named in a problem message without running any of its code: `String(x)` calls
 * a hostile object's own `toString` (or throws when it has none that works).
 */
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : value === null ? 'null' : typeof value;
}

export function isProblem(result: unknown): result is { readonly problem: string } {
  return typeof result === 'object' && result !== null && 'problem' in result && !('type' in result);
}

function record(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('message must be an object');
  return raw as Record<string, unknown>;
}

function text(raw: unknown, field: string, charsMax: number): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > charsMax) fail(`${field} must be a string of 1..${charsMax} characters`);
  return raw;
}

function nodeOrNull(raw: unknown, field: string): string | null {
  return raw === null || raw === undefined ? null : text(raw, field, nodeIdCharsMax);
}

function count(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) fail(`${field} must be an integer ≥ 0`);
  return raw;
}

function key(raw: unknown): Key {
  const problem = keyProblem(raw);
  if (problem !== undefined) fail(problem);
  return raw as Key;
}

function dot(raw: unknown, field: string): Dot {
  const fields = record(raw);
  const counter = count(fields['counter'], `${field}.counter`);
  if (counter < 1) fail(`${field}.counter must be ≥ 1`);
  return { actor: text(fields['actor'], `${field}.actor`, contextLimits.actorBytesMax), counter };
}

function set<V>(raw: unknown, isValue: ValueCheck<V>): SiblingSet<V> {
  return fromPlain(raw, isValue);
}

function targets(raw: unknown): Target[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > quorumLimits.replicasMax) {
    fail(`targets must be an array of 1..${quorumLimits.replicasMax} targets`);
  }
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const fields = record(item);
    const node = text(fields['node'], `targets[${i}].node`, nodeIdCharsMax);
    const hintFor = nodeOrNull(fields['hintFor'], `targets[${i}].hintFor`);
    if (seen.has(node)) fail(`targets[${i}]: node ${node} listed twice`);
    seen.add(node);
    return hintFor === null ? { node } : { node, hintFor };
  });
}

function writeOperation<V>(raw: unknown, isValue: ValueCheck<V>): WriteOperation<V> {
  const fields = record(raw);
  if (fields['tombstone'] === true) return { tombstone: true };
  if (fields['tombstone'] !== false) fail('write.tombstone must be a boolean');
  if (!isValue(fields['value'])) fail('write.value is not a valid value');
  return { tombstone: false, value: fields['value'] };
}

function contextToken(raw: unknown): string | null {
  if (raw === null) return null;
  return text(raw, 'context', contextLimits.tokenCharsMax);
}

/** Parses a message for a Replica. */
export function parseReplicaMessage<V>(raw: unknown, isValue: ValueCheck<V>): ReceivedReplicaMessage<V> | { readonly problem: string } {
  return guarded((): ReceivedReplicaMessage<V> => {
    const m = record(raw);
    switch (m['type']) {
      case 'coordinate':
        return {
          type: 'coordinate',
          opId: text(m['opId'], 'opId', opIdCharsMax),
          origin: text(m['origin'], 'origin', nodeIdCharsMax),
          key: key(m['key']),
          targets: targets(m['targets']),
          context: contextToken(m['context']),
          write: writeOperation(m['write'], isValue),
        };
      case 'replicate':
        return {
          type: 'replicate',
          opId: text(m['opId'], 'opId', opIdCharsMax),
          origin: text(m['origin'], 'origin', nodeIdCharsMax),
          key: key(m['key']),
          hintFor: nodeOrNull(m['hintFor'], 'hintFor'),
          set: set(m['set'], isValue),
          dot: dot(m['dot'], 'dot'),
        };
      case 'read':
        return { type: 'read', opId: text(m['opId'], 'opId', opIdCharsMax), key: key(m['key']), hintFor: nodeOrNull(m['hintFor'], 'hintFor') };
      case 'repair':
        return { type: 'repair', key: key(m['key']), hintFor: nodeOrNull(m['hintFor'], 'hintFor'), set: set(m['set'], isValue) };
      case 'handoff':
        return { type: 'handoff', seq: count(m['seq'], 'seq'), key: key(m['key']), set: set(m['set'], isValue) };
      case 'handoff-ack':
        return { type: 'handoff-ack', seq: count(m['seq'], 'seq'), key: key(m['key']) };
      default:
        return fail(`unknown replica message type ${describe(m['type'])}`);
    }
  });
}

const outcomes: ReadonlySet<unknown> = new Set(['stored', 'hinted', 'refused']);
const reasons: ReadonlySet<unknown> = new Set(['hints-full', 'not-a-target']);

/** Parses a message for a Coordinator. */
export function parseCoordinatorMessage<V>(raw: unknown, isValue: ValueCheck<V>): ReceivedCoordinatorMessage<V> | { readonly problem: string } {
  return guarded((): ReceivedCoordinatorMessage<V> => {
    const m = record(raw);
    switch (m['type']) {
      case 'write-ack': {
        const outcome = m['outcome'];
        if (!outcomes.has(outcome)) fail('outcome must be stored, hinted or refused');
        const reason = m['reason'] ?? null;
        if (reason !== null && !reasons.has(reason)) fail('reason must be hints-full, not-a-target or null');
        return {
          type: 'write-ack',
          opId: text(m['opId'], 'opId', opIdCharsMax),
          outcome: outcome as 'stored' | 'hinted' | 'refused',
          reason: reason as 'hints-full' | 'not-a-target' | null,
          dot: m['dot'] === null || m['dot'] === undefined ? null : dot(m['dot'], 'dot'),
          siblings: m['siblings'] === null || m['siblings'] === undefined ? null : count(m['siblings'], 'siblings'),
        };
      }
      case 'read-reply':
        return {
          type: 'read-reply',
          opId: text(m['opId'], 'opId', opIdCharsMax),
          set: m['set'] === null ? null : set(m['set'], isValue),
        };
      default:
        return fail(`unknown coordinator message type ${describe(m['type'])}`);
    }
  });
}
