// Assertions: a broken invariant is a bug in this package or in its caller's contract (an
// actor reused, a set built by hand), never bad input. It throws at once and is never caught,
// so corruption stops where it starts instead of being replicated (TigerBeetle TIGER_STYLE).
// Bad input from a client, a peer or a disk gets a typed `VclockError` instead (errors.ts).

/** Thrown only for broken invariants; callers must not catch it to carry on. */
export class VclockAssertionError extends Error {
  override readonly name = 'VclockAssertionError';
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new VclockAssertionError(`@kv/vclock invariant broken: ${message}`);
}
