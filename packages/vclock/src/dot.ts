// Dots: `(actor, counter)` names one write event, the counter-th write coordinated by actor.
// A sibling carries the dot of the write that made it; a clock covers a dot when its entry
// for the actor is at least the dot's counter. Dots are unique as long as actors are.
import { compareActors } from './actor';

export interface Dot {
  readonly actor: string;
  readonly counter: number;
}

/** Canonical sibling order: by actor, then counter. */
export function compareDots(a: Dot, b: Dot): number {
  return compareActors(a.actor, b.actor) || a.counter - b.counter;
}

export function dotEquals(a: Dot, b: Dot): boolean {
  return a.actor === b.actor && a.counter === b.counter;
}

export function formatDot(dot: Dot): string {
  return `(${JSON.stringify(dot.actor)}, ${dot.counter})`;
}
