// YCSB's key choosers: ZipfianGenerator (Gray et al., "Quickly Generating Billion-Record
// Synthetic Databases", SIGMOD 1994) and ScrambledZipfianGenerator, ported from
// brianfrankcooper/YCSB core/src/main/java/site/ycsb/generator/. YCSB's core workloads A and B
// draw keys with the scrambled one (requestdistribution=zipfian), zipfian constant 0.99: popular
// items are spread over the key space by an FNV-1a 64 hash of the rank instead of sitting at
// the low key numbers.
import type { Random } from './random';

/** YCSB's ZipfianGenerator.ZIPFIAN_CONSTANT. */
export const ZIPFIAN_CONSTANT = 0.99;

/** zeta(n, θ) = Σ_{i=1..n} 1 / i^θ. O(n): YCSB computes it once per generator too. */
export function zeta(n: number, theta: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / Math.pow(i, theta);
  return sum;
}

/**
 * Ranks 0..items-1 with P(rank i) ∝ 1 / (i+1)^θ: rank 0 is the most popular and gets a share of
 * 1 / zeta(items, θ). Gray's closed-form inverse: one uniform draw and one pow per value.
 */
export class ZipfianGenerator {
  readonly items: number;
  readonly theta: number;
  readonly zetan: number;
  private readonly alpha: number;
  private readonly eta: number;
  private readonly secondThreshold: number;

  /** `zetan` may be given precomputed (YCSB does for the scrambled generator's 10^10 items). */
  constructor(
    items: number,
    private readonly random: Random,
    theta = ZIPFIAN_CONSTANT,
    zetan = zeta(items, theta),
  ) {
    if (!(items >= 2)) throw new Error(`ZipfianGenerator: items must be ≥ 2, got ${items}`);
    this.items = items;
    this.theta = theta;
    this.zetan = zetan;
    this.alpha = 1 / (1 - theta);
    const zeta2theta = zeta(2, theta);
    this.eta = (1 - Math.pow(2 / items, 1 - theta)) / (1 - zeta2theta / zetan);
    this.secondThreshold = 1 + Math.pow(0.5, theta);
  }

  next(): number {
    const u = this.random.next();
    const uz = u * this.zetan;
    if (uz < 1) return 0;
    if (uz < this.secondThreshold) return 1;
    return Math.floor(this.items * Math.pow(this.eta * u - this.eta + 1, this.alpha));
  }
}

// FNV-1a 64 of a non-negative integer, eight octets little-endian (YCSB Utils.fnvhash64), in two
// 32-bit halves so the hot path needs no BigInt. FNV_PRIME_64 = 2^40 + 0x1b3.
const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
const TWO32 = 4_294_967_296;

/**
 * YCSB's fnvhash64(value) mod `modulus`, including its Math.abs of the signed 64-bit hash.
 * `value` < 2^53, `modulus` < 2^37 (both exact in doubles).
 */
export function fnvhash64Mod(value: number, modulus: number): number {
  let hi = FNV_OFFSET_HI;
  let lo = FNV_OFFSET_LO;
  let rest = value;
  for (let i = 0; i < 8; i++) {
    const octet = rest % 256;
    rest = Math.floor(rest / 256);
    lo = (lo ^ octet) >>> 0;
    const product = lo * 0x1b3; // < 2^41: exact
    const carry = Math.floor(product / TWO32);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = product >>> 0;
  }
  if (hi >= 0x8000_0000) {
    // Math.abs of a negative two's-complement long: negate (~x + 1).
    lo = ~lo >>> 0;
    hi = ~hi >>> 0;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  let r = hi % modulus;
  r = (r * 65536 + (lo >>> 16)) % modulus;
  r = (r * 65536 + (lo & 0xffff)) % modulus;
  return r;
}

/** The same hash with BigInt, straight from YCSB's Java: the reference the fast one is checked against. */
export function fnvhash64ModReference(value: number, modulus: number): number {
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  let v = BigInt(value);
  for (let i = 0; i < 8; i++) {
    hash ^= v & 0xffn;
    v >>= 8n;
    hash = (hash * 1099511628211n) & mask;
  }
  if (hash >= 1n << 63n) hash = (1n << 64n) - hash; // Math.abs of the signed value
  return Number(hash % BigInt(modulus));
}

/** YCSB ScrambledZipfianGenerator.ITEM_COUNT and its precomputed ZETAN for θ = 0.99. */
const SCRAMBLED_ITEM_COUNT = 10_000_000_000;
const SCRAMBLED_ZETAN = 26.46902820178302;

/**
 * Key numbers 0..items-1, zipfian-popular but scattered: a zipfian rank over 10^10 items,
 * hashed (FNV-1a 64) into the key space. As in YCSB, the hottest key gets ≈ 1 / 26.47 ≈ 3.8 % of
 * the draws (plus whatever other ranks hash onto it).
 */
export class ScrambledZipfianGenerator {
  private readonly zipfian: ZipfianGenerator;

  constructor(
    readonly items: number,
    random: Random,
  ) {
    if (!(items >= 1 && items < 2 ** 37)) throw new Error(`ScrambledZipfianGenerator: bad item count ${items}`);
    // YCSB: new ZipfianGenerator(0, ITEM_COUNT, ...) — max inclusive, so ITEM_COUNT + 1 items.
    this.zipfian = new ZipfianGenerator(SCRAMBLED_ITEM_COUNT + 1, random, ZIPFIAN_CONSTANT, SCRAMBLED_ZETAN);
  }

  next(): number {
    return fnvhash64Mod(this.zipfian.next(), this.items);
  }
}
