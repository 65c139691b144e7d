// A by-hand check of the key choosers (not a test: `pnpm --filter @kv/bench check:zipfian`).
// Draws a million keys and compares the hottest ranks' shares with the closed form
// P(rank i) = 1 / ((i+1)^θ · zeta(n, θ)), and the fast FNV hash with the BigInt reference.
import { seededRandom } from './random';
import { ScrambledZipfianGenerator, ZipfianGenerator, fnvhash64Mod, fnvhash64ModReference, zeta } from './zipfian';

const draws = 1_000_000;
const items = 100_000;
const theta = 0.99;
const percent = (x: number): string => `${(x * 100).toFixed(3)} %`;

function counts(next: () => number): Map<number, number> {
  const seen = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const v = next();
    seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  return seen;
}

const zipf = new ZipfianGenerator(items, seededRandom(1), theta);
const plain = counts(() => zipf.next());
const zn = zeta(items, theta);
console.log(`ZipfianGenerator over ${items} items, θ = ${theta}, zeta = ${zn.toFixed(4)}`);
for (const rank of [0, 1, 2, 9, 99]) {
  const expected = 1 / (Math.pow(rank + 1, theta) * zn);
  console.log(`  rank ${rank}: ${percent((plain.get(rank) ?? 0) / draws)} (expected ${percent(expected)})`);
}

let mismatches = 0;
const r = seededRandom(2);
for (let i = 0; i < 200_000; i++) {
  const value = i < 100_000 ? i : Math.floor(r.next() * 10_000_000_001);
  const modulus = i % 3 === 0 ? items : 1 + r.int(2 ** 36);
  if (fnvhash64Mod(value, modulus) !== fnvhash64ModReference(value, modulus)) mismatches++;
}
console.log(`fnvhash64Mod vs BigInt reference: ${mismatches} mismatches in 200 000`);

const scrambled = new ScrambledZipfianGenerator(items, seededRandom(3));
const top = [...counts(() => scrambled.next()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
console.log(`ScrambledZipfianGenerator over ${items} keys (rank 0 alone: expected ${percent(1 / 26.46902820178302)})`);
for (const [key, n] of top) console.log(`  key ${key}: ${percent(n / draws)}`);
if (mismatches > 0) process.exitCode = 1;
