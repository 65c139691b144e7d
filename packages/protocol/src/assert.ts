// assert: the check for programmer errors (TigerBeetle style). A broken invariant means the
// caller's or this package's code is wrong (an empty frame to encode, a proof input with a field
// out of range), not that a peer sent bad bytes, so it throws an Error that is never caught or
// translated. Bad input from the wire is reported as data instead (FrameResult, KvError).

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(`@kv/protocol invariant broken: ${message}`);
}
