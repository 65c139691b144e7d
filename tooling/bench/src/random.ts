// A small seeded PRNG for the workload generators: sfc32 (Chris Doty-Humphrey's Small Fast
// Counter), seeded through splitmix32. The bench never calls Math.random, so every run draws the
// same keys, the same op mix and the same value bytes (and a zipfian check replays exactly).

/** Uniform draws from one seeded stream. */
export interface Random {
  /** A double in [0, 1) with 32 random bits. */
  next(): number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** Fills `out` with random bytes and returns it. */
  fill(out: Uint8Array): Uint8Array;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seededRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32(); // mix the seed in before the first draw
  return {
    next: () => u32() / 4_294_967_296,
    int: (bound) => Math.floor((u32() / 4_294_967_296) * bound),
    fill(out) {
      let i = 0;
      for (; i + 4 <= out.length; i += 4) {
        const v = u32();
        out[i] = v & 0xff;
        out[i + 1] = (v >>> 8) & 0xff;
        out[i + 2] = (v >>> 16) & 0xff;
        out[i + 3] = v >>> 24;
      }
      for (; i < out.length; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}
