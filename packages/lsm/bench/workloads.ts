// Workloads for the @kv/lsm benchmark (bench/index.ts): db_bench-style keys and values, one
// adapter per engine so both run through the same loops, and the loops themselves. Every loop
// runs a fixed number of operations, one awaited call at a time, and is timed with hrtime.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Throughput } from '@kv/bench-kit';
import { seededRandom } from '@kv/test-kit';
import { ClassicLevel } from 'classic-level';
import type { LsmStats, SyncPolicy } from '../dist/index.js';
import { openLsm } from '../dist/index.js';

// ---- keys and values -------------------------------------------------------------------------

/** db_bench's key: the key number as 16 zero-padded decimal digits. */
export const KEY_BYTES = 16;

/**
 * Keys 0..count-1, pre-encoded into one arena; `key(i)` is a 16-byte view of it. Both engines get
 * the same views, and building them costs the timed loops nothing but a subarray.
 */
export class KeySpace {
  readonly #arena: Uint8Array;

  constructor(readonly count: number) {
    this.#arena = new Uint8Array(count * KEY_BYTES);
    const ascii = new TextEncoder();
    for (let i = 0; i < count; i++) ascii.encodeInto(String(i).padStart(KEY_BYTES, '0'), this.#arena.subarray(i * KEY_BYTES));
  }

  key(i: number): Uint8Array {
    return this.#arena.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
  }
}

/** Pool chunk: db_bench's `CompressibleString` piece of 100 bytes. */
const CHUNK_BYTES = 100;
const POOL_CHUNKS = 10_000; // 1 MB of distinct data, like db_bench's RandomGenerator

/**
 * db_bench's value generator with `--compression_ratio=0.5`: a 1 MB pool of 100-byte chunks, each
 * 50 random bytes followed by the same 50 bytes again, so any value (a whole number of chunks)
 * compresses to about half. `value(i, len)` is a view chosen by the key number, so a read can
 * be checked against it.
 */
export class ValuePool {
  readonly #pool: Uint8Array;
  readonly #poolBytes = POOL_CHUNKS * CHUNK_BYTES;

  constructor(seed: number, valueBytesMax: number) {
    const rng = seededRandom(seed);
    const chunks = POOL_CHUNKS + Math.ceil(valueBytesMax / CHUNK_BYTES);
    this.#pool = new Uint8Array(chunks * CHUNK_BYTES);
    for (let c = 0; c < POOL_CHUNKS; c++) {
      const random = rng.bytes(CHUNK_BYTES / 2);
      this.#pool.set(random, c * CHUNK_BYTES);
      this.#pool.set(random, c * CHUNK_BYTES + CHUNK_BYTES / 2);
    }
    // Wrap-around: the tail repeats the first chunks, so a value may start at any chunk.
    this.#pool.copyWithin(POOL_CHUNKS * CHUNK_BYTES, 0, (chunks - POOL_CHUNKS) * CHUNK_BYTES);
  }

  value(i: number, len: number): Uint8Array {
    const start = ((i * len) % this.#poolBytes) - (((i * len) % this.#poolBytes) % CHUNK_BYTES);
    return this.#pool.subarray(start, start + len);
  }
}

/** Key numbers 0..n-1 in an order fixed by `seed` (fillrandom writes every key exactly once). */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const rng = seededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** `count` key numbers drawn uniformly from [0, bound), fixed by `seed` (readrandom). */
export function randomIndices(count: number, bound: number, seed: number): Int32Array {
  const rng = seededRandom(seed);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.int(bound);
  return out;
}

// ---- engines ---------------------------------------------------------------------------------

export type EngineName = 'kv' | 'classic-level';

export interface PutOp {
  readonly type: 'put';
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** The calls the workloads make, the same for both engines (each a thin pass-through). */
export interface BenchDb {
  readonly name: EngineName;
  readonly dir: string;
  put(key: Uint8Array, value: Uint8Array): Promise<void>;
  batch(ops: PutOp[]): Promise<void>;
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  getSync(key: Uint8Array): Uint8Array | undefined;
  getMany(keys: Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /** Opens an iterator at the first key ≥ `gte`, reads `n` pairs (nextv until it has them or the end), closes it. */
  scan(gte: Uint8Array, n: number): Promise<number>;
  /** Flushes the memtable and compacts everything to the bottom level. */
  compactAll(): Promise<void>;
  /** kv only: the engine's counters. */
  stats(): LsmStats | undefined;
  close(): Promise<void>;
}

export interface EngineSpec {
  readonly engine: EngineName;
  /** kv `blockCacheBytes` / classic-level `cacheSize`; omitted: each engine's default (kv 32 MiB, classic 8 MiB). */
  readonly cacheBytes?: number;
  /** kv only. The matching setting for classic-level's default `sync: false` is 'never'. */
  readonly syncPolicy?: SyncPolicy;
}

const KEY_LOW = new Uint8Array(KEY_BYTES).fill(0x30); // "0000000000000000"
const KEY_HIGH = new Uint8Array(KEY_BYTES).fill(0x39); // "9999999999999999"

/**
 * Reads up to `n` pairs from an iterator with `nextv`, closing it. nextv may return fewer than
 * asked before the end (classic-level stops at its 16 KiB highWaterMarkBytes, ≈ 16 pairs of
 * 1 KB), so both engines' scans loop until they have n.
 */
async function scanCount(it: { nextv(size: number): Promise<unknown[]>; close(): unknown }, n: number): Promise<number> {
  try {
    let got = 0;
    for (;;) {
      const pairs = await it.nextv(n - got);
      got += pairs.length;
      if (pairs.length === 0 || got >= n) return got;
    }
  } finally {
    await it.close();
  }
}

export async function openEngine(spec: EngineSpec, dir: string): Promise<BenchDb> {
  if (spec.engine === 'kv') {
    const db = await openLsm(dir, {
      syncPolicy: spec.syncPolicy ?? 'never',
      ...(spec.cacheBytes === undefined ? {} : { blockCacheBytes: spec.cacheBytes }),
    });
    return {
      name: 'kv',
      dir,
      put: (key, value) => db.put(key, value),
      batch: (ops) => db.batch(ops),
      get: (key) => db.get(key),
      getSync: (key) => db.getSync(key),
      getMany: (keys) => db.getMany(keys),
      scan: (gte, n) => scanCount(db.iterator({ gte, limit: n }), n),
      compactAll: () => db.compactRange(),
      stats: () => db.stats(),
      close: () => db.close(),
    };
  }
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, {
    keyEncoding: 'view',
    valueEncoding: 'view',
    ...(spec.cacheBytes === undefined ? {} : { cacheSize: spec.cacheBytes }),
  });
  await db.open();
  return {
    name: 'classic-level',
    dir,
    put: (key, value) => db.put(key, value),
    batch: (ops) => db.batch(ops),
    get: (key) => db.get(key),
    getSync: (key) => db.getSync(key),
    getMany: (keys) => db.getMany(keys),
    scan: (gte, n) => scanCount(db.iterator({ gte, limit: n }), n),
    compactAll: () => db.compactRange(KEY_LOW, KEY_HIGH),
    stats: () => undefined,
    close: () => db.close(),
  };
}

// ---- temp dirs and sizes ---------------------------------------------------------------------

/** A fresh directory under os.tmpdir() for one benchmark run; `removeRoot` deletes it. */
export function makeRoot(): string {
  return mkdtempSync(join(tmpdir(), 'kv-lsm-bench-'));
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

let dirCounter = 0;
export function freshDir(root: string, label: string): string {
  const dir = join(root, `${String(++dirCounter).padStart(3, '0')}-${label}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Sum of the sizes of all files under `dir`. */
export function bytesOnDisk(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesOnDisk(path);
    else if (entry.isFile()) {
      try {
        total += statSync(path).size;
      } catch (error) {
        // A table the engine unlinks while we list (obsolete inputs of a finished compaction).
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      }
    }
  }
  return total;
}

/**
 * bytesOnDisk once the directory stops changing (two equal readings 100 ms apart, at most 2 s):
 * kv unlinks a compaction's input tables without awaiting it, even across close().
 */
export async function settledBytesOnDisk(dir: string): Promise<number> {
  let last = bytesOnDisk(dir);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = bytesOnDisk(dir);
    if (now === last) return now;
    last = now;
  }
  return last;
}

// ---- timed loops -----------------------------------------------------------------------------

function nowSec(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * Runs `calls` awaited calls of `body`, `opsPerCall` operations each, and times them. With
 * `rounds` > 1 the calls are split into that many consecutive rounds and the median round is
 * returned (reads; a fill is one round, as it fills one fresh store).
 */
export async function timeCalls(
  calls: number,
  opsPerCall: number,
  body: (call: number) => Promise<unknown>,
  rounds = 1,
): Promise<Throughput> {
  const samples: Throughput[] = [];
  const perRound = Math.floor(calls / rounds);
  for (let r = 0; r < rounds; r++) {
    const first = r * perRound;
    const end = r === rounds - 1 ? calls : first + perRound;
    const start = nowSec();
    for (let c = first; c < end; c++) await body(c);
    const seconds = nowSec() - start;
    const ops = (end - first) * opsPerCall;
    samples.push({ ops, seconds, opsPerSec: ops / seconds });
  }
  samples.sort((a, b) => a.opsPerSec - b.opsPerSec);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Rounds for the read loops: the median of three. */
const READ_ROUNDS = 3;

export interface FillResult {
  readonly throughput: Throughput;
  /** Time `close()` took after the loop: the flush/compaction work still running, then shutdown. */
  readonly closeMs: number;
  readonly bytesOnDisk: number;
  readonly userBytes: number;
  /** kv only, read before close. */
  readonly stats: LsmStats | undefined;
}

/**
 * Writes keys `order[0..n)` (or 0..n-1 in order when `order` is undefined) with `valueBytes`
 * values, one awaited put at a time (`batchSize` 1) or in awaited batches, then closes the
 * store and measures the directory.
 */
export async function fill(
  db: BenchDb,
  keys: KeySpace,
  values: ValuePool,
  n: number,
  valueBytes: number,
  batchSize: number,
  order: Int32Array | undefined,
): Promise<FillResult> {
  const at = order === undefined ? (i: number) => i : (i: number) => order[i]!;
  let throughput: Throughput;
  if (batchSize === 1) {
    throughput = await timeCalls(n, 1, (i) => {
      const k = at(i);
      return db.put(keys.key(k), values.value(k, valueBytes));
    });
  } else {
    throughput = await timeCalls(Math.ceil(n / batchSize), batchSize, (c) => {
      const end = Math.min(n, (c + 1) * batchSize);
      const ops: PutOp[] = [];
      for (let i = c * batchSize; i < end; i++) {
        const k = at(i);
        ops.push({ type: 'put', key: keys.key(k), value: values.value(k, valueBytes) });
      }
      return db.batch(ops);
    });
  }
  const stats = db.stats();
  const closeStart = nowSec();
  await db.close();
  const closeMs = (nowSec() - closeStart) * 1000;
  return { throughput, closeMs, bytesOnDisk: await settledBytesOnDisk(db.dir), userBytes: n * (KEY_BYTES + valueBytes), stats };
}

/** Loads keys 0..n-1 in `order` with batches of 1000, then compacts everything (untimed setup). */
export async function load(db: BenchDb, keys: KeySpace, values: ValuePool, valueBytes: number, order: Int32Array): Promise<number> {
  const start = nowSec();
  for (let c = 0; c * 1000 < order.length; c++) {
    const ops: PutOp[] = [];
    for (let i = c * 1000; i < Math.min(order.length, (c + 1) * 1000); i++) {
      const k = order[i]!;
      ops.push({ type: 'put', key: keys.key(k), value: values.value(k, valueBytes) });
    }
    await db.batch(ops);
  }
  await db.compactAll();
  return nowSec() - start;
}

export interface ReadCheck {
  found: number;
  wrong: number;
}

function check(result: ReadCheck, got: Uint8Array | undefined, want: Uint8Array): void {
  if (got === undefined) return;
  result.found++;
  if (got.length !== want.length || got[0] !== want[0] || got[got.length - 1] !== want[want.length - 1]) result.wrong++;
}

/** One awaited get per key number of `picks`; counts hits and (cheaply checked) wrong values. */
export async function readSingles(
  db: BenchDb,
  keys: KeySpace,
  values: ValuePool,
  valueBytes: number,
  picks: Int32Array,
): Promise<{ throughput: Throughput; check: ReadCheck }> {
  const result: ReadCheck = { found: 0, wrong: 0 };
  const throughput = await timeCalls(picks.length, 1, async (i) => {
    const k = picks[i]!;
    check(result, await db.get(keys.key(k)), values.value(k, valueBytes));
  }, READ_ROUNDS);
  return { throughput, check: result };
}

/** getMany of `perCall` keys per awaited call over `picks`. */
export async function readMany(
  db: BenchDb,
  keys: KeySpace,
  values: ValuePool,
  valueBytes: number,
  picks: Int32Array,
  perCall: number,
): Promise<{ throughput: Throughput; check: ReadCheck }> {
  const result: ReadCheck = { found: 0, wrong: 0 };
  const calls = Math.floor(picks.length / perCall);
  const throughput = await timeCalls(calls, perCall, async (c) => {
    const batch: Uint8Array[] = [];
    for (let i = c * perCall; i < (c + 1) * perCall; i++) batch.push(keys.key(picks[i]!));
    const got = await db.getMany(batch);
    for (let i = 0; i < perCall; i++) {
      const k = picks[c * perCall + i]!;
      check(result, got[i], values.value(k, valueBytes));
    }
  }, READ_ROUNDS);
  return { throughput, check: result };
}

/** Random seek (a new iterator at `gte`) then `length` pairs via nextv; seeks per second. */
export async function seekScans(db: BenchDb, keys: KeySpace, starts: Int32Array, length: number): Promise<{ throughput: Throughput; pairs: number }> {
  let pairs = 0;
  const throughput = await timeCalls(starts.length, 1, async (i) => {
    pairs += await db.scan(keys.key(starts[i]!), length);
  }, READ_ROUNDS);
  return { throughput, pairs };
}

/** Compares whole values for `sample` key numbers (untimed); returns how many were missing or wrong. */
export async function verifySample(db: BenchDb, keys: KeySpace, values: ValuePool, valueBytes: number, picks: Int32Array): Promise<number> {
  let bad = 0;
  for (const k of picks) {
    const got = await db.get(keys.key(k));
    const want = values.value(k, valueBytes);
    if (got === undefined || got.length !== want.length || !got.every((b, i) => b === want[i])) bad++;
  }
  return bad;
}

/** Reads every value once through getMany (untimed): fills the caches for the "in cache" case. */
export async function readAll(db: BenchDb, keys: KeySpace, n: number): Promise<number> {
  let found = 0;
  for (let start = 0; start < n; start += 1000) {
    const batch: Uint8Array[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) batch.push(keys.key(i));
    for (const v of await db.getMany(batch)) if (v !== undefined) found++;
  }
  return found;
}
