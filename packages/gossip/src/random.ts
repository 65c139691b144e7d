// Random: the seam through which the core gets randomness (CONVENTIONS.md §2). Peer choice and
// join jitter are the only random decisions; the simulator passes a seeded generator, the node
// a real one. Same inputs and same random sequence give the same outputs.
import { badRequest } from './errors.js';

/** The smallest interface the core needs: a uniformly random unsigned 32-bit integer per call. */
export interface Random {
  nextU32(): number;
}

const TWO_POW_32 = 4_294_967_296;

/** An integer in [0, bound) from one draw; bias ≤ bound / 2³², nothing for small bounds. */
export function randomBelow(random: Random, bound: number): number {
  const draw = random.nextU32();
  if (!Number.isInteger(draw) || draw < 0 || draw >= TWO_POW_32) {
    throw badRequest(`random.nextU32() must return an integer in 0..2^32 - 1, got ${String(draw)}`);
  }
  return Math.floor((draw / TWO_POW_32) * bound);
}

/** Up to `count` distinct items of `items`, in random order (a partial Fisher–Yates on a copy). */
export function sampleDistinct<T>(items: readonly T[], count: number, random: Random): T[] {
  const pool = items.slice();
  const take = Math.min(count, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + randomBelow(random, pool.length - i);
    const picked = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = picked;
  }
  pool.length = take;
  return pool;
}
