// Seeded randomness for tests, scenarios and benchmarks: the same seed gives the same
// sequence on every run, so a failing seed replays exactly. Built on pure-rand's
// xoroshiro128+ (the generator fast-check itself uses) rather than a hand-written PRNG.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface SeededRandom {
  /** The seed this generator started from (print it with a failure). */
  readonly seed: number;
  /** A float in [0, 1), 32 bits of randomness. */
  next(): number;
  /** An integer in [0, bound); bound ≥ 1. */
  int(bound: number): number;
  /** An unsigned 32-bit integer. */
  u32(): number;
  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` random bytes. */
  bytes(count: number): Uint8Array;
  /** One item of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  const rng = xoroshiro128plus(seed | 0);
  const u32 = (): number => uniformInt(rng, 0, 0xffff_ffff);
  const int = (bound: number): number => {
    if (!Number.isSafeInteger(bound) || bound < 1) throw new Error(`int(bound): bound must be an integer ≥ 1, got ${bound}`);
    return uniformInt(rng, 0, bound - 1);
  };
  return {
    seed,
    next: () => u32() / 4_294_967_296,
    int,
    u32,
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    bytes(count: number): Uint8Array {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = uniformInt(rng, 0, 255);
      return out;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick: empty array');
      return items[int(items.length)] as T;
    },
  };
}
