// assert: the check for programmer errors (TigerBeetle style). A broken invariant means the
// ring's own code is wrong, not that a caller passed bad input, so it throws an Error that is
// never caught or translated. Caller mistakes get a RingError instead (errors.ts).

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(`@kv/ring invariant broken: ${message}`);
}
