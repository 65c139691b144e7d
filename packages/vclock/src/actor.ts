// Actors: the ids that own counters in a clock. An actor generates its own counters, one
// after another, so an id must name one incarnation forever (node id + a generation persisted
// before the node serves). Here: what a valid actor id is, and the order clocks keep them in.
import { contextLimits } from './defaults';
import { isWellFormed, utf8Encode } from './utf8';

/** A non-empty, well-formed string of at most `contextLimits.actorBytesMax` UTF-8 bytes. */
export function isValidActor(actor: unknown): actor is string {
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > contextLimits.actorBytesMax) return false;
  if (!isWellFormed(actor)) return false;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: short ids need no encoding to check.
  return actor.length * 3 <= contextLimits.actorBytesMax || utf8Encode(actor).length <= contextLimits.actorBytesMax;
}

/** Describes why `actor` is invalid, for error messages. */
export function actorProblem(actor: unknown): string {
  if (typeof actor !== 'string') return `actor must be a string, got ${typeof actor}`;
  if (actor.length === 0) return 'actor must not be empty';
  if (!isWellFormed(actor)) return 'actor is not well-formed UTF-16 (lone surrogate)';
  return `actor is ${utf8Encode(actor).length} UTF-8 bytes, over actorBytesMax ${contextLimits.actorBytesMax}`;
}

/** Clocks and sibling sets keep actors in JavaScript string order (UTF-16 code units). */
export function compareActors(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
