// Version vectors (vector clocks): one counter per actor, the number of writes that actor has
// coordinated and this clock knows of. A clock is the causal past of a value or of a whole
// sibling set; comparing two says whether one saw the other (Lamport; Dynamo §4.4). Each
// entry also carries the wall-clock time it last advanced, used only to prune oldest first.
//
// Canonical form: entries sorted by actor (string order), unique, counters ≥ 1 (an absent
// actor means 0). Equal clocks are therefore structurally equal, and every operation is a
// linear two-pointer walk.
import { actorProblem, compareActors, isValidActor } from './actor';
import { assert } from './assert';
import { contextLimits } from './defaults';
import type { Dot } from './dot';
import { badRequest } from './errors';
import { isCounter, isTimestampMs } from './scalars';

export interface ClockEntry {
  readonly actor: string;
  /** Writes coordinated by `actor` that this clock covers: a positive safe integer. */
  readonly counter: number;
  /** When this entry last advanced, in ms (the caller's `nowMs`); 0 when unknown. */
  readonly timestampMs: number;
}

/** A vector clock in canonical form: entries sorted by actor, unique. */
export type Clock = readonly ClockEntry[];

/** How `a` relates to `b`: `before` = b saw a and more; `after` = a saw b and more. */
export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

export const emptyClock: Clock = Object.freeze([]);

/** Index of `actor` in `clock`, or `-(insertionPoint + 1)` when absent. */
export function indexOfActor(clock: Clock, actor: string): number {
  let low = 0;
  let high = clock.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entry = clock[middle] as ClockEntry;
    if (entry.actor < actor) low = middle + 1;
    else if (entry.actor > actor) high = middle - 1;
    else return middle;
  }
  return -(low + 1);
}

/** The counter `clock` holds for `actor`, 0 when absent. */
export function counterOf(clock: Clock, actor: string): number {
  const index = indexOfActor(clock, actor);
  return index < 0 ? 0 : (clock[index] as ClockEntry).counter;
}

/** True when `clock` has seen the write named by `dot`. */
export function covers(clock: Clock, dot: Dot): boolean {
  return counterOf(clock, dot.actor) >= dot.counter;
}

/** A new clock with `actor`'s counter one higher, stamped `nowMs`. */
export function increment(clock: Clock, actor: string, nowMs: number): Clock {
  if (!isValidActor(actor)) assert(false, actorProblem(actor)); // the message is built only on failure
  if (!isTimestampMs(nowMs)) assert(false, `nowMs must be a finite number ≥ 0, got ${nowMs}`);
  const index = indexOfActor(clock, actor);
  const next = clock.slice();
  if (index >= 0) {
    const counter = (clock[index] as ClockEntry).counter + 1;
    assert(Number.isSafeInteger(counter), `counter of ${actor} overflows 2^53`);
    next[index] = { actor, counter, timestampMs: nowMs };
  } else {
    next.splice(-(index + 1), 0, { actor, counter: 1, timestampMs: nowMs });
  }
  return next;
}

/** Compares causal histories; timestamps play no part. */
export function compare(a: Clock, b: Clock): ClockOrder {
  let aAhead = false;
  let bAhead = false;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ea = a[i] as ClockEntry;
    const eb = b[j] as ClockEntry;
    if (ea.actor === eb.actor) {
      if (ea.counter > eb.counter) aAhead = true;
      else if (ea.counter < eb.counter) bAhead = true;
      i++;
      j++;
    } else if (ea.actor < eb.actor) {
      aAhead = true;
      i++;
    } else {
      bAhead = true;
      j++;
    }
    if (aAhead && bAhead) return 'concurrent';
  }
  if (i < a.length) aAhead = true;
  if (j < b.length) bAhead = true;
  if (aAhead) return bAhead ? 'concurrent' : 'after';
  return bAhead ? 'before' : 'equal';
}

/** True when `a` has seen everything `b` has (a ≥ b entrywise; equal clocks descend each other). */
export function descends(a: Clock, b: Clock): boolean {
  if (b.length > a.length) return false;
  let i = 0;
  for (const eb of b) {
    while (i < a.length && (a[i] as ClockEntry).actor < eb.actor) i++;
    const ea = a[i];
    if (ea === undefined || ea.actor !== eb.actor || ea.counter < eb.counter) return false;
    i++;
  }
  return true;
}

/** Same counters for the same actors (timestamps ignored). */
export function clockEquals(a: Clock, b: Clock): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const ea = a[i] as ClockEntry;
    const eb = b[i] as ClockEntry;
    if (ea.actor !== eb.actor || ea.counter !== eb.counter) return false;
  }
  return true;
}

/**
 * The least clock that descends both: the larger counter per actor, with that entry's
 * timestamp (the larger timestamp when the counters are equal, so merge stays commutative).
 */
export function merge(a: Clock, b: Clock): Clock {
  const out: ClockEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ea = a[i] as ClockEntry;
    const eb = b[j] as ClockEntry;
    if (ea.actor === eb.actor) {
      if (ea.counter !== eb.counter) out.push(ea.counter > eb.counter ? ea : eb);
      else out.push(ea.timestampMs >= eb.timestampMs ? ea : eb);
      i++;
      j++;
    } else if (ea.actor < eb.actor) {
      out.push(ea);
      i++;
    } else {
      out.push(eb);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as ClockEntry);
  while (j < b.length) out.push(b[j++] as ClockEntry);
  return out;
}

/**
 * Merges a clock `observed` from a client into `local`. Entries the client advances are
 * stamped `nowMs` (when this replica learned of them): tokens carry no timestamps, and a
 * young-looking entry is the safe direction for pruning.
 */
export function mergeObserved(local: Clock, observed: Clock, nowMs: number): Clock {
  const out: ClockEntry[] = [];
  let i = 0;
  let j = 0;
  const stamp = (entry: ClockEntry): ClockEntry => ({ actor: entry.actor, counter: entry.counter, timestampMs: nowMs });
  while (i < local.length && j < observed.length) {
    const el = local[i] as ClockEntry;
    const eo = observed[j] as ClockEntry;
    if (el.actor === eo.actor) {
      out.push(eo.counter > el.counter ? stamp(eo) : el);
      i++;
      j++;
    } else if (el.actor < eo.actor) {
      out.push(el);
      i++;
    } else {
      out.push(stamp(eo));
      j++;
    }
  }
  while (i < local.length) out.push(local[i++] as ClockEntry);
  while (j < observed.length) out.push(stamp(observed[j++] as ClockEntry));
  return out;
}

/** Describes the first way `clock` is not canonical, or undefined when it is. */
export function clockProblem(clock: unknown): string | undefined {
  if (!Array.isArray(clock)) return 'clock must be an array of entries';
  if (clock.length > contextLimits.entriesMax) {
    return `clock has ${clock.length} entries, over entriesMax ${contextLimits.entriesMax}`;
  }
  let previous: string | undefined;
  for (const entry of clock as readonly Partial<ClockEntry>[]) {
    if (typeof entry !== 'object' || entry === null) return 'clock entry must be an object';
    if (!isValidActor(entry.actor)) return actorProblem(entry.actor);
    if (!isCounter(entry.counter)) return `counter of ${entry.actor} must be a positive safe integer`;
    if (!isTimestampMs(entry.timestampMs)) return `timestampMs of ${entry.actor} must be a finite number ≥ 0`;
    if (previous !== undefined && compareActors(previous, entry.actor) >= 0) {
      return `actors must be sorted and unique (${JSON.stringify(previous)} then ${JSON.stringify(entry.actor)})`;
    }
    previous = entry.actor;
  }
  return undefined;
}

/** Asserts `clock` is canonical (for clocks that never left the process). */
export function assertClock(clock: Clock, what: string): void {
  const problem = clockProblem(clock);
  assert(problem === undefined, `${what}: ${problem ?? ''}`);
}

/**
 * Builds a canonical clock from entries in any order, for callers that hold clocks in another
 * shape. Throws `VclockError('BAD_REQUEST')` on invalid or duplicate entries.
 */
export function clockFrom(entries: Iterable<ClockEntry>): Clock {
  const sorted = [...entries].map((e) => ({ actor: e.actor, counter: e.counter, timestampMs: e.timestampMs }));
  sorted.sort((a, b) => compareActors(a.actor, b.actor));
  const problem = clockProblem(sorted);
  if (problem !== undefined) throw badRequest(`invalid clock: ${problem}`);
  return sorted;
}
