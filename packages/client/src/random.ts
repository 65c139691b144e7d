// Random: the seam through which the client gets randomness (CONVENTIONS.md §2), used only for
// reconnect jitter. Tests pass a fixed or seeded source so a backoff schedule replays exactly;
// by default it is Math.random (jitter needs spread, not unpredictability).

export interface Random {
  /** A uniformly random unsigned 32-bit integer. */
  nextU32(): number;
}

const TWO_POW_32 = 4_294_967_296;

/** The default source: Math.random scaled to 32 bits (the client's one named escape hatch). */
export const mathRandom: Random = {
  nextU32: () => Math.floor(Math.random() * TWO_POW_32),
};

/** A number in [0, 1) from one draw. */
export function unitInterval(random: Random): number {
  const draw = random.nextU32();
  if (!Number.isInteger(draw) || draw < 0 || draw >= TWO_POW_32) return 0;
  return draw / TWO_POW_32;
}
