// Benchmark: @kv/lsm against classic-level 3.0.0 (LevelDB 1.20 via N-API) in the same process,
// on the same keys and values, in fresh directories under os.tmpdir(). db_bench workloads —
// fillseq, fillrandom, readrandom (in cache and at 4× the cache), seek + scan — with 100 B and
// 1 KB values; ops/s for both and the ratio kv / classic next to the target.
// Method and results: bench/README.md. Run with `pnpm --filter @kv/lsm bench`; never part of the tests.
//
// Environment (all optional):
//   BENCH_SCALE=0.2        multiplies every operation count and the fill sizes (not the read data sets,
//                          whose size is set by the caches)
//   BENCH_VALUES=100,1000  value sizes in bytes
//   BENCH_ONLY=fill,read,scan   sections to run
//   BENCH_CACHE_MB=8       the small cache of the "4× cache" case (the data set grows with it)
import { cpus, tmpdir } from 'node:os';
import type { RatioRow, Throughput } from '@kv/bench-kit';
import { loadLine, measureThroughput, ratioTable, saveResults, waitForQuietMachine, withLoadReport } from '@kv/bench-kit';
import type { LsmStats, SyncPolicy } from '../dist/index.js';
import type { BenchDb, EngineSpec, FillResult } from './workloads';
import {
  KEY_BYTES,
  KeySpace,
  ValuePool,
  fill,
  freshDir,
  load,
  makeRoot,
  openEngine,
  randomIndices,
  readAll,
  readMany,
  readSingles,
  removeRoot,
  seekScans,
  settledBytesOnDisk,
  shuffledIndices,
  verifySample,
} from './workloads';

const MiB = 1024 * 1024;
const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const v = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(v > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
  return v;
};
const scale = envNumber('BENCH_SCALE', 1);
const valueSizes = (process.env.BENCH_VALUES ?? '100,1000').split(',').map(Number);
const sections = new Set((process.env.BENCH_ONLY ?? 'fill,read,scan').split(','));
const bigCacheBytes = 64 * MiB;
const smallCacheBytes = Math.round(envNumber('BENCH_CACHE_MB', 8) * MiB);
const scaled = (n: number, min = 1000): number => Math.max(min, Math.round(n * scale));
const SEED = 20261125;

/** Operation counts and data-set sizes for one value size. */
function sizesFor(valueBytes: number) {
  const entryBytes = KEY_BYTES + valueBytes;
  return {
    /** One awaited put at a time: classic-level does ≈ 33 k/s here, kv should be 5× that. */
    fillSingle: scaled(valueBytes <= 100 ? 100_000 : 50_000),
    /** Batches of 1000: ≈ 46 MB of 100 B entries (≈ 11 memtables), ≈ 62 MB of 1 KB entries. */
    fillBatch: scaled(valueBytes <= 100 ? 400_000 : 60_000, 10_000),
    /** "In cache" data set: ≈ 23 MB of keys + values, well inside a 64 MiB cache even uncompressed. */
    cachedKeys: Math.round(23_200_000 / entryBytes),
    /**
     * "4× cache" data set: at least 4 × the small cache on disk for both engines. Bytes on disk per
     * entry, measured: ≈ 0.55 × the value (it compresses 2:1, a little less at 1 KB) + ≈ 12 B for
     * the prefix-compressed key and entry header (100 B: kv 72, classic 67; 1 KB: kv 582, classic 571).
     */
    bigKeys: Math.round((4.4 * smallCacheBytes) / (0.55 * valueBytes + 12)),
    readSingle: scaled(valueBytes <= 100 ? 150_000 : 120_000),
    readManyKeys: scaled(300_000),
    bigReadSingle: scaled(90_000),
    bigReadManyKeys: scaled(150_000),
    scanSeeks: scaled(valueBytes <= 100 ? 15_000 : 6_000, 500),
  };
}

// ---- results ------------------------------------------------------------------------------

interface Row {
  readonly section: string;
  readonly case: string;
  readonly valueBytes: number;
  readonly kv: number;
  readonly classic: number;
  readonly unit: string;
  /** The kv / classic ratio we aim for; undefined for extra rows. */
  readonly target: number | undefined;
  readonly kvRun: Throughput | undefined;
  readonly classicRun: Throughput | undefined;
}

const rows: Row[] = [];
const details: Record<string, unknown>[] = [];
const problems: string[] = [];

function addRow(
  section: string,
  name: string,
  valueBytes: number,
  kv: Throughput,
  classic: Throughput,
  target: number | undefined,
  unit = 'ops/s',
): void {
  rows.push({ section, case: name, valueBytes, kv: kv.opsPerSec, classic: classic.opsPerSec, unit, target, kvRun: kv, classicRun: classic });
  const ratio = kv.opsPerSec / classic.opsPerSec;
  const goal = target === undefined ? '' : `  (target ≥ ${target}×${ratio >= target ? '' : ', MISSED'})`;
  console.log(
    `  ${name}, ${valueBytes} B: kv ${fmt(kv.opsPerSec)} ${unit}, classic ${fmt(classic.opsPerSec)} ${unit} → ${ratio.toFixed(2)}×${goal}`,
  );
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(n < 10 ? 2 : 0);
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** bench-kit's ratio table with the target and whether it was met appended to every row. */
function tableWithTargets(title: string, selected: readonly Row[]): string {
  const ratioRows: RatioRow[] = selected.map((r) => ({
    case: `${r.case}, ${r.valueBytes} B`,
    ours: r.kv,
    peer: r.classic,
    unit: r.unit,
    higherIsBetter: true,
  }));
  const lines = ratioTable(title, 'classic-level', ratioRows).split('\n');
  return lines
    .map((line, i) => {
      if (i === 2) return `${line} target | met |`;
      if (i === 3) return `${line}---:|:---:|`;
      const r = selected[i - 4];
      if (i < 4 || r === undefined) return line;
      if (r.target === undefined) return `${line} — | |`;
      return `${line} ≥ ${r.target}× | ${r.kv / r.classic >= r.target ? 'yes' : '**no**'} |`;
    })
    .join('\n');
}

// ---- the run ------------------------------------------------------------------------------

const kvSpec = (extra: { cacheBytes?: number; syncPolicy?: SyncPolicy } = {}): EngineSpec => ({ engine: 'kv', ...extra });
const classicSpec = (extra: { cacheBytes?: number } = {}): EngineSpec => ({ engine: 'classic-level', ...extra });

async function withEngine<T>(root: string, spec: EngineSpec, label: string, body: (db: BenchDb) => Promise<T>): Promise<T> {
  const db = await openEngine(spec, freshDir(root, `${spec.engine}-${label}`));
  gc();
  return body(db);
}

/**
 * Write amplification over the bytes the caller actually wrote (keys + values). The engine's own
 * `writeAmplification` divides by `userBytes`, which also counts a 64-byte per-entry memtable charge,
 * so it reads lower than (log + flush + compaction bytes) / (key + value bytes).
 */
function payloadWriteAmplification(s: LsmStats, payloadBytes: number): number {
  return (s.logBytes + s.flushBytes + s.compactionBytesWritten) / payloadBytes;
}

function statsLine(s: LsmStats | undefined, payloadBytes: number): Record<string, unknown> | undefined {
  if (s === undefined) return undefined;
  return {
    writeAmplification: Number(s.writeAmplification.toFixed(2)),
    writeAmplificationOfPayload: Number(payloadWriteAmplification(s, payloadBytes).toFixed(2)),
    userBytes: s.userBytes,
    logBytes: s.logBytes,
    flushBytes: s.flushBytes,
    compactionBytesWritten: s.compactionBytesWritten,
    tableBytes: s.tableBytes,
    flushes: s.flushes,
    compactions: s.compactions,
    trivialMoves: s.trivialMoves,
    stalls: s.stalls,
    stallMs: Math.round(s.stallMs),
    levels: s.levels.map((l) => l.files),
  };
}

/** JIT warm-up for both engines on a scratch store, so neither pays for compiling in a timed loop. */
async function warmUp(root: string, keys: KeySpace, values: ValuePool): Promise<void> {
  const order = shuffledIndices(20_000, SEED);
  const picks = randomIndices(20_000, 20_000, SEED + 1);
  for (const spec of [kvSpec(), classicSpec()]) {
    await withEngine(root, spec, 'warmup', async (db) => {
      await load(db, keys, values, 100, order);
      for (let i = 0; i < 5_000; i++) await db.put(keys.key(i), values.value(i, 100));
      await readSingles(db, keys, values, 100, picks);
      await readMany(db, keys, values, 100, picks, 100);
      await seekScans(db, keys, picks.subarray(0, 1000), 100);
      for (let i = 0; i < 20_000; i++) db.getSync(keys.key(picks[i]!));
      await db.close();
    });
  }
}

interface FillCase {
  readonly name: string;
  readonly batch: number;
  readonly random: boolean;
}

async function runFills(root: string, keys: KeySpace, values: ValuePool, valueBytes: number): Promise<void> {
  const sz = sizesFor(valueBytes);
  const cases: FillCase[] = [
    { name: 'fillseq, 1 awaited put', batch: 1, random: false },
    { name: 'fillseq, batch of 1000', batch: 1000, random: false },
    { name: 'fillrandom, 1 awaited put', batch: 1, random: true },
    { name: 'fillrandom, batch of 1000', batch: 1000, random: true },
  ];
  for (const c of cases) {
    const n = c.batch === 1 ? sz.fillSingle : sz.fillBatch;
    const order = c.random ? shuffledIndices(n, SEED + n) : undefined;
    const run = (spec: EngineSpec, label: string): Promise<FillResult> =>
      withEngine(root, spec, label, (db) => fill(db, keys, values, n, valueBytes, c.batch, order));
    const kv = await run(kvSpec({ syncPolicy: 'never' }), 'fill');
    const classic = await run(classicSpec(), 'fill');
    addRow('fill', c.name, valueBytes, kv.throughput, classic.throughput, c.batch === 1 ? 5 : 1);
    const entry: Record<string, unknown> = {
      case: `${c.name}, ${valueBytes} B`,
      keys: n,
      userBytes: kv.userBytes,
      kvBytesOnDisk: kv.bytesOnDisk,
      classicBytesOnDisk: classic.bytesOnDisk,
      kvCloseMs: Math.round(kv.closeMs),
      classicCloseMs: Math.round(classic.closeMs),
      kvStats: statsLine(kv.stats, kv.userBytes),
    };
    if (c.batch === 1) {
      // The extra row: kv with its default commit-log policy (fdatasync every 100 ms).
      const kvDefault = await run(kvSpec({ syncPolicy: { intervalMs: 100 } }), 'fill-interval');
      addRow('fill', `${c.name}, kv syncPolicy {intervalMs: 100}`, valueBytes, kvDefault.throughput, classic.throughput, undefined);
      entry.kvIntervalSync = { opsPerSec: Math.round(kvDefault.throughput.opsPerSec), stats: statsLine(kvDefault.stats, kvDefault.userBytes) };
    }
    details.push(entry);
    console.log(
      `    kv: WA ${kv.stats?.writeAmplification.toFixed(2)} (of key + value bytes: ${kv.stats === undefined ? '–' : payloadWriteAmplification(kv.stats, kv.userBytes).toFixed(2)}), ${mib(kv.bytesOnDisk)} on disk, stalls ${kv.stats?.stalls} (${Math.round(kv.stats?.stallMs ?? 0)} ms), close ${Math.round(kv.closeMs)} ms; ` +
        `classic: ${mib(classic.bytesOnDisk)} on disk, close ${Math.round(classic.closeMs)} ms; user data ${mib(kv.userBytes)}`,
    );
  }
}

interface ReadSet {
  readonly label: string;
  /** true: the "4× cache" set (small cache, data 4× it); false: the "in cache" set. */
  readonly big: boolean;
  readonly cacheBytes: number;
  readonly keys: number;
}

async function runReads(root: string, keys: KeySpace, values: ValuePool, valueBytes: number, set: ReadSet, withScans: boolean): Promise<void> {
  const sz = sizesFor(valueBytes);
  const big = set.big;
  const order = shuffledIndices(set.keys, SEED + set.keys);
  const singles = randomIndices(big ? sz.bigReadSingle : sz.readSingle, set.keys, SEED + 2);
  const many = randomIndices(big ? sz.bigReadManyKeys : sz.readManyKeys, set.keys, SEED + 3);
  const syncPicks = randomIndices(100_000, set.keys, SEED + 4);
  const warmPicks = randomIndices(30_000, set.keys, SEED + 5);
  const verifyPicks = randomIndices(1_000, set.keys, SEED + 6);
  const scanStarts = randomIndices(sz.scanSeeks, Math.max(1, set.keys - 100), SEED + 7);

  interface PerEngine {
    loadSec: number;
    bytesOnDisk: number;
    single: Throughput;
    many: Throughput;
    sync: Throughput;
    scan: Throughput | undefined;
    hitRate: { single: number; many: number; sync: number } | undefined;
  }
  const results: Partial<Record<'kv' | 'classic-level', PerEngine>> = {};
  for (const spec of [kvSpec({ cacheBytes: set.cacheBytes }), classicSpec({ cacheBytes: set.cacheBytes })]) {
    results[spec.engine] = await withEngine(root, spec, `read-${valueBytes}`, async (db) => {
      const loadSec = await load(db, keys, values, valueBytes, order);
      if (big) for (const k of warmPicks) await db.get(keys.key(k));
      else {
        const found = await readAll(db, keys, set.keys);
        if (found !== set.keys) problems.push(`${db.name}: ${set.label}, ${valueBytes} B: ${set.keys - found} of ${set.keys} keys missing after load`);
      }
      const bad = await verifySample(db, keys, values, valueBytes, verifyPicks);
      if (bad > 0) problems.push(`${db.name}: ${set.label}, ${valueBytes} B: ${bad} of ${verifyPicks.length} sampled values missing or wrong`);
      const cache = (): { hits: number; misses: number } => db.stats()?.blockCache ?? { hits: 0, misses: 0 };
      const rate = (a: { hits: number; misses: number }, b: { hits: number; misses: number }): number =>
        (b.hits - a.hits) / Math.max(1, b.hits - a.hits + b.misses - a.misses);
      gc();
      const c0 = cache();
      const single = await readSingles(db, keys, values, valueBytes, singles);
      const c1 = cache();
      gc();
      const m = await readMany(db, keys, values, valueBytes, many, 100);
      const c2 = cache();
      for (const [what, r, n] of [
        ['1 get', single.check, singles.length],
        ['getMany', m.check, many.length - (many.length % 100)],
      ] as const) {
        if (r.found !== n || r.wrong > 0) problems.push(`${db.name}: ${set.label}, ${valueBytes} B, ${what}: ${n - r.found} not found, ${r.wrong} wrong of ${n}`);
      }
      gc();
      let cursor = 0;
      let sink = 0;
      const sync = measureThroughput(
        () => {
          for (let i = 0; i < 1000; i++) {
            sink += db.getSync(keys.key(syncPicks[cursor]!))?.length ?? 0;
            cursor = cursor + 1 === syncPicks.length ? 0 : cursor + 1;
          }
        },
        1000,
        { warmupMs: 200, minMs: 400 },
      );
      if (sink === 0) problems.push(`${db.name}: getSync found nothing`);
      const c3 = cache();
      let scan: Throughput | undefined;
      if (withScans) {
        gc();
        const s = await seekScans(db, keys, scanStarts, 100);
        if (s.pairs !== scanStarts.length * 100) problems.push(`${db.name}: scans returned ${s.pairs} pairs, expected ${scanStarts.length * 100}`);
        scan = s.throughput;
      }
      await db.close();
      return {
        loadSec,
        bytesOnDisk: await settledBytesOnDisk(db.dir),
        single: single.throughput,
        many: m.throughput,
        sync,
        scan,
        hitRate: db.name === 'kv' ? { single: rate(c0, c1), many: rate(c1, c2), sync: rate(c2, c3) } : undefined,
      };
    });
  }
  const kv = results.kv!;
  const classic = results['classic-level']!;
  const section = big ? 'read4x' : 'read';
  addRow(section, 'readrandom, 1 awaited get', valueBytes, kv.single, classic.single, big ? 1.5 : 5);
  addRow(section, 'readrandom, getMany of 100', valueBytes, kv.many, classic.many, 0.7, 'keys/s');
  addRow(section, 'readrandom, getSync (no await; extra)', valueBytes, kv.sync, classic.sync, undefined);
  if (kv.scan !== undefined && classic.scan !== undefined) {
    addRow('scan', 'seek + 100 × next (iterator gte/limit + nextv(100))', valueBytes, kv.scan, classic.scan, 1, 'seeks/s');
  }
  const entry = {
    case: `${set.label}, ${valueBytes} B`,
    keys: set.keys,
    cacheBytes: set.cacheBytes,
    userBytes: set.keys * (KEY_BYTES + valueBytes),
    kvBytesOnDisk: kv.bytesOnDisk,
    classicBytesOnDisk: classic.bytesOnDisk,
    kvDiskOverCache: Number((kv.bytesOnDisk / set.cacheBytes).toFixed(2)),
    classicDiskOverCache: Number((classic.bytesOnDisk / set.cacheBytes).toFixed(2)),
    kvLoadSec: Number(kv.loadSec.toFixed(2)),
    classicLoadSec: Number(classic.loadSec.toFixed(2)),
    kvBlockCacheHitRate: kv.hitRate,
  };
  details.push(entry);
  console.log(
    `    ${set.keys} keys; on disk kv ${mib(kv.bytesOnDisk)} (${entry.kvDiskOverCache}× cache), classic ${mib(classic.bytesOnDisk)} (${entry.classicDiskOverCache}× cache); ` +
      `load + compact kv ${kv.loadSec.toFixed(1)} s, classic ${classic.loadSec.toFixed(1)} s; kv block-cache hit rate ` +
      `1 get ${pct(kv.hitRate?.single)}, getMany ${pct(kv.hitRate?.many)}, getSync ${pct(kv.hitRate?.sync)}`,
  );
  if (big && (kv.bytesOnDisk < 4 * set.cacheBytes || classic.bytesOnDisk < 4 * set.cacheBytes)) {
    problems.push(`"4× cache" data set is below 4× the cache on disk (kv ${entry.kvDiskOverCache}×, classic ${entry.classicDiskOverCache}×)`);
  }
}

function pct(x: number | undefined): string {
  return x === undefined ? '–' : `${(x * 100).toFixed(1)} %`;
}

async function run(): Promise<{ sectionLoads: Record<string, number | undefined> }> {
  const maxKeys = Math.max(...valueSizes.map((v) => Math.max(sizesFor(v).fillBatch, sizesFor(v).fillSingle, sizesFor(v).bigKeys, sizesFor(v).cachedKeys)), 20_000);
  const keys = new KeySpace(maxKeys);
  const values = new ValuePool(SEED, Math.max(...valueSizes));
  const root = makeRoot();
  const sectionLoads: Record<string, number | undefined> = {};
  const timed = async (name: string, body: () => Promise<void>): Promise<void> => {
    const started = Date.now();
    const { othersBusyFraction } = await withLoadReport(body);
    sectionLoads[name] = othersBusyFraction;
    console.log(`  [${name}: ${((Date.now() - started) / 1000).toFixed(0)} s; ${loadLine(othersBusyFraction)}]`);
  };
  try {
    await timed('warm-up', () => warmUp(root, keys, values));
    for (const valueBytes of valueSizes) {
      const sz = sizesFor(valueBytes);
      if (sections.has('fill')) {
        console.log(`\nfill, ${valueBytes} B values`);
        await timed(`fill ${valueBytes} B`, () => runFills(root, keys, values, valueBytes));
      }
      if (sections.has('read') || sections.has('scan')) {
        console.log(`\nreadrandom in cache (cache ${mib(bigCacheBytes)})${sections.has('scan') ? ' + seek/scan' : ''}, ${valueBytes} B values`);
        await timed(`read in cache ${valueBytes} B`, () =>
          runReads(root, keys, values, valueBytes, { label: 'in cache', big: false, cacheBytes: bigCacheBytes, keys: sz.cachedKeys }, sections.has('scan')),
        );
      }
      if (sections.has('read')) {
        console.log(`\nreadrandom at 4× cache (cache ${mib(smallCacheBytes)}), ${valueBytes} B values`);
        await timed(`read 4× cache ${valueBytes} B`, () =>
          runReads(root, keys, values, valueBytes, { label: '4× cache', big: true, cacheBytes: smallCacheBytes, keys: sz.bigKeys }, false),
        );
      }
    }
  } finally {
    removeRoot(root);
  }
  return { sectionLoads };
}

function detailsTables(): string[] {
  const out: string[] = [];
  const fills = details.filter((d) => 'kvStats' in d) as {
    case: string;
    userBytes: number;
    kvBytesOnDisk: number;
    classicBytesOnDisk: number;
    kvCloseMs: number;
    classicCloseMs: number;
    kvStats?: { writeAmplification: number; writeAmplificationOfPayload: number; stalls: number; stallMs: number; compactions: number; levels: number[] };
  }[];
  if (fills.length > 0) {
    out.push(
      '### After the write phases',
      '',
      '| case | keys + values | kv WA (stats) | kv WA (of keys + values) | kv on disk | classic on disk | kv stalls (ms) | close kv / classic |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...fills.map(
        (f) =>
          `| ${f.case} | ${mib(f.userBytes)} | ${f.kvStats?.writeAmplification.toFixed(2) ?? '–'} | ${f.kvStats?.writeAmplificationOfPayload.toFixed(2) ?? '–'} | ${mib(f.kvBytesOnDisk)} | ${mib(f.classicBytesOnDisk)} | ` +
          `${f.kvStats?.stalls ?? '–'} (${f.kvStats?.stallMs ?? '–'}) | ${f.kvCloseMs} / ${f.classicCloseMs} ms |`,
      ),
      '',
      'kv WA (stats) = `stats().writeAmplification`: (commit log + flush + compaction bytes written) / `userBytes`, which counts',
      '64 B of memtable overhead per entry on top of key + value; the next column divides the same bytes by key + value bytes.',
      'Both are read when the timed loop ends (compactions still queued then are not counted). On disk = every file in the',
      'directory after close(); close() waits for the flush/compaction in progress.',
      '',
    );
  }
  const reads = details.filter((d) => 'cacheBytes' in d) as {
    case: string;
    keys: number;
    cacheBytes: number;
    kvBytesOnDisk: number;
    classicBytesOnDisk: number;
    kvDiskOverCache: number;
    classicDiskOverCache: number;
    kvLoadSec: number;
    classicLoadSec: number;
    kvBlockCacheHitRate?: { single: number; many: number; sync: number };
  }[];
  if (reads.length > 0) {
    out.push(
      '### Read data sets',
      '',
      '| data set | keys | cache | kv on disk | classic on disk | kv hit rate: get / getMany / getSync | load + compact kv / classic |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...reads.map(
        (r) =>
          `| ${r.case} | ${r.keys} | ${mib(r.cacheBytes)} | ${mib(r.kvBytesOnDisk)} (${r.kvDiskOverCache}×) | ${mib(r.classicBytesOnDisk)} (${r.classicDiskOverCache}×) | ` +
          `${pct(r.kvBlockCacheHitRate?.single)} / ${pct(r.kvBlockCacheHitRate?.many)} / ${pct(r.kvBlockCacheHitRate?.sync)} | ${r.kvLoadSec} / ${r.classicLoadSec} s |`,
      ),
      '',
    );
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`@kv/lsm bench: BENCH_SCALE=${scale}, values ${valueSizes.join(', ')} B, sections ${[...sections].join(', ')}, temp dirs under ${tmpdir()}`);
  await waitForQuietMachine();
  const started = Date.now();
  const { result, othersBusyFraction } = await withLoadReport(run);
  const seconds = (Date.now() - started) / 1000;
  const bySection = (s: string): Row[] => rows.filter((r) => r.section === s);
  const table = (title: string, selected: Row[]): string[] => (selected.length === 0 ? [] : [tableWithTargets(title, selected), '']);
  const lines = [
    '',
    `@kv/lsm bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${seconds.toFixed(0)} s`,
    'kv: syncPolicy never (commit log written to the OS on every write, no fsync: the setting that matches classic-level sync: false),',
    '    LZ4, 4 MiB memtable; classic-level 3.0.0: LevelDB 1.20, Snappy, 4 MiB write buffer. 16 B keys, values compress 2:1.',
    '',
    ...table('fillseq / fillrandom', bySection('fill')),
    ...table(`readrandom, data in cache (kv blockCacheBytes = classic cacheSize = ${mib(bigCacheBytes)}; compacted)`, bySection('read')),
    ...table(`readrandom, data 4× the cache (cache ${mib(smallCacheBytes)} for both; compacted)`, bySection('read4x')),
    ...table('seek + scan 100 (data in cache)', bySection('scan')),
    ...detailsTables(),
    ...(problems.length === 0 ? ['correctness checks: every read found its key with the right value'] : ['PROBLEMS:', ...problems.map((p) => `- ${p}`)]),
    loadLine(othersBusyFraction),
    `other processes by section: ${Object.entries(result.sectionLoads)
      .map(([name, f]) => `${name} ${f === undefined ? '?' : (f * 100).toFixed(1)} %`)
      .join(', ')}`,
  ];
  const report = lines.join('\n');
  console.log(report);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      scale,
      valueSizes,
      sections: [...sections],
      seconds,
      othersBusyFraction,
      sectionLoads: result.sectionLoads,
      rows: rows.map((r) => ({ ...r, ratio: r.kv / r.classic, met: r.target === undefined ? undefined : r.kv / r.classic >= r.target })),
      details,
      problems,
    },
    null,
    2,
  );
  saveResults(import.meta.url, { 'latest.json': json, [`${stamp}.json`]: json, 'latest.md': `${report}\n` });
}

await main();
