// Random: the seam through which the sans-IO cores get randomness (CONVENTIONS.md §2). The node
// passes a crypto-backed source, tests and the simulator a seeded one, so a run replays exactly.
// Used for request-id nonces (a coordinator restarted mid-flight never mistakes an old reply for
// a new request's) and for epoch actor ids (a write coordinated where the key has no local
// history takes an actor id that was never used: see replica.ts, "coordinating actor").

export interface Random {
  /** A uniformly random unsigned 32-bit integer. */
  nextU32(): number;
}

/** 8 lowercase hex digits from one draw. */
export function randomHex32(random: Random): string {
  return (random.nextU32() >>> 0).toString(16).padStart(8, '0');
}
