// Plain-data encoding: a sibling set as nothing but arrays, strings, numbers and the caller's
// value type, so protocol can CBOR it and lsm can store it, with no class instances or maps.
// Siblings name their actor by index into the context list, so an actor id is written once.
// Grammar (README "Plain-data encoding"; version = plainFormatVersion):
//
//   set      := [version, context, siblings]
//   version  := 1
//   context  := [entry*]        strictly ascending by actor, at most entriesMax entries
//   entry    := [actor: string, counter: integer ≥ 1, timestampMs: number ≥ 0]
//   siblings := [sibling*]      strictly ascending by (actorIndex, counter)
//   sibling  := [actorIndex, counter, timestampMs]          a tombstone
//             | [actorIndex, counter, timestampMs, value]   a value
//
// with counter ≤ context[actorIndex].counter (every dot is covered by the context).
import { actorProblem, isValidActor } from './actor';
import { assert } from './assert';
import { contextLimits } from './defaults';
import { badRequest } from './errors';
import { isCounter, isTimestampMs } from './scalars';
import type { Sibling, SiblingSet } from './sibling-set';
import { siblingSetProblem } from './sibling-set';
import type { ClockEntry } from './version-vector';
import { indexOfActor } from './version-vector';

/** The first element of a plain set. A new layout takes a new number; old numbers are never reused. */
export const plainFormatVersion = 1;

export type PlainEntry = readonly [actor: string, counter: number, timestampMs: number];
export type PlainTombstone = readonly [actorIndex: number, counter: number, timestampMs: number];
export type PlainValue<V> = readonly [actorIndex: number, counter: number, timestampMs: number, value: V];
export type PlainSibling<V> = PlainTombstone | PlainValue<V>;
export type PlainSet<V> = readonly [version: 1, context: readonly PlainEntry[], siblings: readonly PlainSibling<V>[]];

/** Encodes a set as plain data. Asserts its invariants first (never write what cannot be read). */
export function toPlain<V>(set: SiblingSet<V>): PlainSet<V> {
  const problem = siblingSetProblem(set);
  assert(problem === undefined, `toPlain: ${problem ?? ''}`);
  const context = set.context.map((e): PlainEntry => [e.actor, e.counter, e.timestampMs]);
  const siblings = set.siblings.map((s): PlainSibling<V> => {
    const actorIndex = indexOfActor(set.context, s.dot.actor);
    return s.tombstone
      ? [actorIndex, s.dot.counter, s.timestampMs]
      : [actorIndex, s.dot.counter, s.timestampMs, s.value];
  });
  return [plainFormatVersion, context, siblings];
}

function malformed(why: string): Error {
  return badRequest(`malformed plain sibling set: ${why}`);
}

function decodeContextList(list: unknown): ClockEntry[] {
  if (!Array.isArray(list)) throw malformed('context must be an array');
  if (list.length > contextLimits.entriesMax) {
    throw malformed(`context has ${list.length} entries, over entriesMax ${contextLimits.entriesMax}`);
  }
  const context: ClockEntry[] = [];
  for (const [i, entry] of list.entries()) {
    if (!Array.isArray(entry) || entry.length !== 3) throw malformed(`context[${i}] must be [actor, counter, timestampMs]`);
    const [actor, counter, timestampMs] = entry as unknown[];
    if (!isValidActor(actor)) throw malformed(`context[${i}]: ${actorProblem(actor)}`);
    if (!isCounter(counter)) throw malformed(`context[${i}]: counter must be a positive safe integer`);
    if (!isTimestampMs(timestampMs)) throw malformed(`context[${i}]: timestampMs must be a finite number ≥ 0`);
    const previous = context[i - 1];
    if (previous !== undefined && !(previous.actor < actor)) throw malformed(`context[${i}]: actors not sorted and unique`);
    context.push({ actor, counter, timestampMs });
  }
  return context;
}

function decodeSiblingList<V>(list: unknown, context: readonly ClockEntry[], isValue?: (value: unknown) => value is V): Sibling<V>[] {
  if (!Array.isArray(list)) throw malformed('siblings must be an array');
  const siblings: Sibling<V>[] = [];
  let previousIndex = -1;
  let previousCounter = 0;
  for (const [i, item] of list.entries()) {
    if (!Array.isArray(item) || (item.length !== 3 && item.length !== 4)) {
      throw malformed(`siblings[${i}] must be [actorIndex, counter, timestampMs] or [actorIndex, counter, timestampMs, value]`);
    }
    const [actorIndex, counter, timestampMs, value] = item as unknown[];
    if (typeof actorIndex !== 'number' || !Number.isInteger(actorIndex) || actorIndex < 0 || actorIndex >= context.length) {
      throw malformed(`siblings[${i}]: actorIndex must index the context (0..${context.length - 1})`);
    }
    const entry = context[actorIndex] as ClockEntry;
    if (!isCounter(counter)) throw malformed(`siblings[${i}]: counter must be a positive safe integer`);
    if (counter > entry.counter) throw malformed(`siblings[${i}]: dot not covered by the context`);
    if (!isTimestampMs(timestampMs)) throw malformed(`siblings[${i}]: timestampMs must be a finite number ≥ 0`);
    if (actorIndex < previousIndex || (actorIndex === previousIndex && counter <= previousCounter)) {
      throw malformed(`siblings[${i}]: siblings not sorted by (actor, counter) with unique dots`);
    }
    previousIndex = actorIndex;
    previousCounter = counter;
    const dot = { actor: entry.actor, counter };
    if (item.length === 3) {
      siblings.push({ dot, timestampMs, tombstone: true });
      continue;
    }
    if (isValue !== undefined && !isValue(value)) throw malformed(`siblings[${i}]: value rejected by the value validator`);
    siblings.push({ dot, timestampMs, tombstone: false, value: value as V });
  }
  return siblings;
}

/**
 * Decodes and fully validates plain data from a peer or the disk. Throws
 * `VclockError('BAD_REQUEST')` on anything malformed. Pass `isValue` to check each value
 * (e.g. `(v): v is Uint8Array => v instanceof Uint8Array`).
 */
export function fromPlain(plain: unknown): SiblingSet<unknown>;
export function fromPlain<V>(plain: unknown, isValue: (value: unknown) => value is V): SiblingSet<V>;
export function fromPlain<V>(plain: unknown, isValue?: (value: unknown) => value is V): SiblingSet<V> {
  if (!Array.isArray(plain) || plain.length !== 3) throw malformed('expected [version, context, siblings]');
  const [version, list, siblingList] = plain as unknown[];
  if (version !== plainFormatVersion) throw malformed(`unsupported version ${String(version)}`);
  const context = decodeContextList(list);
  const siblings = decodeSiblingList(siblingList, context, isValue);
  return { context, siblings };
}
