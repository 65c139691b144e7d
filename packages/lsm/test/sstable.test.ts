// SSTable write + read (FORMAT.md §SSTable) on MemoryFileSystem: point reads at many snapshots,
// the two-level cursor in both directions, table properties, compression, and the block cache.

import { describe, expect, it } from 'vitest';
import { seededRandom } from '@kv/test-kit';
import { BlockCache } from '../src/block-cache.js';
import { compareBytes, toHex } from '../src/bytes.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ, compareEntries } from '../src/entry.js';
import type { EntryKind } from '../src/entry.js';
import { LsmError } from '../src/errors.js';
import { MemoryFileSystem } from '../src/memory-file-system.js';
import { SstableReader } from '../src/sstable-reader.js';
import { SstableWriter } from '../src/sstable-writer.js';
import type { SstableWriterOptions, TableProperties } from '../src/sstable-writer.js';

interface ModelEntry {
  key: Uint8Array;
  seq: number;
  kind: EntryKind;
  value: Uint8Array;
}

/** One seed drives every test input (the shared seeded generator of @kv/test-kit). */
function random(seed: number): () => number {
  const rng = seededRandom(seed);
  return () => rng.next();
}

const utf8 = new TextEncoder();

/** Keys start with 4 hash-like bytes, as cluster keys do; values are text (compressible) or noise. */
function makeEntries(seed: number, keys: number, noiseValues: boolean): ModelEntry[] {
  const rand = random(seed);
  const entries: ModelEntry[] = [];
  let seq = 1;
  for (let k = 0; k < keys; k++) {
    const key = utf8.encode(`____user-${k}`);
    new DataView(key.buffer).setUint32(0, Math.imul(k + 1, 2654435761) >>> 0);
    const versions = 1 + Math.floor(rand() * 5);
    for (let v = 0; v < versions; v++) {
      const tombstone = rand() < 0.2;
      const value = tombstone
        ? new Uint8Array(0)
        : noiseValues
          ? Uint8Array.from({ length: 20 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))
          : utf8.encode(`value of key ${k} version ${v} `.repeat(1 + Math.floor(rand() * 8)));
      entries.push({ key, seq: seq++, kind: tombstone ? KIND_DELETE : KIND_VALUE, value });
    }
  }
  return entries.sort((a, b) => compareEntries(a.key, a.seq, b.key, b.seq));
}

async function writeTable(
  fs: MemoryFileSystem,
  path: string,
  entries: readonly ModelEntry[],
  options: SstableWriterOptions = {},
): Promise<{ properties: TableProperties; estimate: number }> {
  const file = await fs.create(path);
  const writer = new SstableWriter(file, options);
  for (const e of entries) writer.add(e.key, e.seq, e.kind, e.value);
  const estimate = writer.estimatedFileBytes;
  const properties = writer.finish();
  await file.sync();
  await file.close();
  return { properties, estimate };
}

/** The model's answer to get(key, snapshot): the newest version with seq ≤ snapshot. */
function modelGet(entries: readonly ModelEntry[], key: Uint8Array, snapshot: number): ModelEntry | undefined {
  for (let i = firstAtOrAfter(entries, key, snapshot); i < entries.length; i++) {
    const e = entries[i]!;
    if (compareBytes(e.key, key) !== 0) return undefined;
    if (e.seq <= snapshot) return e;
  }
  return undefined;
}

function sameAnswer(got: { seq: number; kind: EntryKind; value: Uint8Array } | undefined, want: ModelEntry | undefined): boolean {
  if (got === undefined || want === undefined) return got === want;
  return got.seq === want.seq && got.kind === want.kind && compareBytes(got.value, want.value) === 0;
}

function firstAtOrAfter(entries: readonly ModelEntry[], key: Uint8Array, seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(entries[mid]!.key, entries[mid]!.seq, key, seq) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function setup(entries: readonly ModelEntry[], options: SstableWriterOptions = {}, cacheBytes = 1 << 20) {
  const fs = new MemoryFileSystem();
  await fs.mkdir('/db');
  const written = await writeTable(fs, '/db/000005.sst', entries, options);
  const cache = new BlockCache(cacheBytes);
  const reader = await SstableReader.open(fs, '/db/000005.sst', 5, cache);
  return { fs, cache, reader, ...written };
}

describe.each([
  { name: '4 KiB blocks, lz4', options: {} },
  { name: '128 B blocks (versions span blocks), no compression', options: { blockBytesTarget: 128, compression: 'none' as const } },
])('SSTable round trip: $name', ({ options }) => {
  const entries = makeEntries(42, 3000, false);

  it('reads back every key at every snapshot as the model does', async () => {
    const { reader, properties } = await setup(entries, options);
    expect(entries.length).toBeGreaterThan(8000);
    expect(properties.dataBlocks).toBeGreaterThan(10);
    const maxSeq = entries.length;
    const snapshots = [0, 1, Math.floor(maxSeq / 3), Math.floor(maxSeq / 2), maxSeq - 1, MAX_SEQ];
    const rand = random(7);
    const wrong: string[] = [];
    for (const e of entries) {
      for (const snapshot of [...snapshots, e.seq, e.seq - 1, Math.floor(rand() * maxSeq)]) {
        if (!sameAnswer(reader.get(e.key, snapshot), modelGet(entries, e.key, snapshot))) wrong.push(`${e.seq}@${snapshot}`);
      }
    }
    expect(wrong).toEqual([]);
    for (let k = 0; k < 2000; k++) expect(reader.get(utf8.encode(`absent-${k}`), MAX_SEQ)).toBeUndefined();
    expect(reader.bloomNegatives).toBeGreaterThan(1900);
  });

  it('iterates forward, backward, and seeks both ways as the model does', async () => {
    const { reader } = await setup(entries, options);
    const it = reader.iterator();
    let n = 0;
    const wrong: number[] = [];
    for (it.seekToFirst(); it.valid(); it.next(), n++) {
      const e = entries[n];
      if (e === undefined || compareBytes(it.key(), e.key) !== 0 || !sameAnswer({ seq: it.seq(), kind: it.kind(), value: it.value() }, e)) wrong.push(n);
    }
    expect(wrong).toEqual([]);
    expect(n).toBe(entries.length);
    const backward: number[] = [];
    for (it.seekToLast(); it.valid(); it.prev()) backward.push(it.seq());
    expect(backward).toEqual(entries.map((e) => e.seq).reverse());
    const rand = random(11);
    const got: number[] = [];
    const want: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const base = entries[Math.floor(rand() * entries.length)]!;
      const key = rand() < 0.3 ? Uint8Array.from([...base.key, 0]) : base.key;
      const seq = rand() < 0.2 ? MAX_SEQ : base.seq + Math.floor(rand() * 3) - 1;
      const first = firstAtOrAfter(entries, key, seq);
      it.seek(key, seq);
      got.push(it.valid() ? it.seq() : -1);
      want.push(entries[first]?.seq ?? -1);
      const exact = first < entries.length && compareEntries(entries[first]!.key, entries[first]!.seq, key, seq) === 0;
      it.seekForPrev(key, seq);
      got.push(it.valid() ? it.seq() : -1);
      want.push(entries[exact ? first : first - 1]?.seq ?? -1);
    }
    // A random walk of next/prev crosses block boundaries in both directions.
    let at = Math.floor(entries.length / 2);
    it.seek(entries[at]!.key, entries[at]!.seq);
    for (let step = 0; step < 5000 && it.valid(); step++) {
      if (rand() < 0.5) {
        it.next();
        at++;
      } else {
        it.prev();
        at--;
      }
      got.push(it.valid() ? it.seq() : -1);
      want.push(entries[at]?.seq ?? -1);
    }
    expect(got).toEqual(want);
    it.close();
  });

  it('reports the table properties', async () => {
    const { properties, estimate, fs, reader } = await setup(entries, options);
    expect(properties.entryCount).toBe(entries.length);
    expect(reader.entryCount).toBe(entries.length);
    expect(properties.smallestKey).toEqual(entries[0]!.key);
    expect(properties.smallestSeq).toBe(entries[0]!.seq);
    expect(properties.largestKey).toEqual(entries.at(-1)!.key);
    expect(properties.largestSeq).toBe(entries.at(-1)!.seq);
    expect(properties.tombstoneCount).toBe(entries.filter((e) => e.kind === KIND_DELETE).length);
    expect(properties.rawKeyBytes).toBe(entries.reduce((s, e) => s + e.key.length, 0));
    expect(properties.rawValueBytes).toBe(entries.reduce((s, e) => s + e.value.length, 0));
    expect(properties.fileBytes).toBe(fs.fileSize('/db/000005.sst'));
    expect(reader.fileBytes).toBe(properties.fileBytes);
    expect(reader.blockCount).toBe(properties.dataBlocks);
    expect(reader.pinnedBytes).toBeGreaterThan(0);
    if (options.compression === 'none') expect(Math.abs(estimate - properties.fileBytes) / properties.fileBytes).toBeLessThan(0.02);
    else expect(estimate).toBeGreaterThanOrEqual(properties.fileBytes);
  });
});

describe('SSTable file layout', () => {
  it('writes the documented bytes for a one-entry table (hex fixture)', async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir('/db');
    await writeTable(fs, '/db/1.sst', [{ key: utf8.encode('a'), seq: 1, kind: KIND_VALUE, value: utf8.encode('x') }], { compression: 'none' });
    const fixture = [
      // @0 data block: entry (kind 1, seq 1, keyLength 1, valueLength 1, 'a', 'x'), offsets [0], count 1; codec 0, crc32c
      '01' + '0100000000000000' + '01' + '01' + '61' + '78' + '00000000' + '01000000' + '00' + '8a3ac4ed',
      // @26 filter block: 8 bytes of bits, k = 7; codec 0, crc32c
      '0000401004411004' + '07' + '00' + 'e82fe4d5',
      // @40 index block: entry ('a', seq 1, kind 1, 12-byte handle {offset 0, length 21}), offsets [0], count 1; codec 0, crc32c
      '01' + '0100000000000000' + '01' + '0c' + '61' + '0000000000000000' + '15000000' + '00000000' + '01000000' + '00' + '27f7dc41',
      // @77 footer: filter {26, 9}, index {40, 32}, entryCount 1, version 1, footerCrc, magic "kvLSMsst"
      '1a00000000000000' + '09000000' + '2800000000000000' + '20000000' + '0100000000000000' + '01000000' + '7d4dcc9a' + '6b764c534d737374',
    ];
    expect(toHex(await fs.readFile('/db/1.sst'))).toBe(fixture.join(''));
    const reader = await SstableReader.open(fs, '/db/1.sst', 1, new BlockCache(0));
    expect(reader.get(utf8.encode('a'), 1)?.value).toEqual(utf8.encode('x'));
    expect(reader.get(utf8.encode('a'), 0)).toBeUndefined();
  });
});

describe('SSTable compression', () => {
  it('shrinks compressible data and stores incompressible blocks raw', async () => {
    const text = makeEntries(1, 1000, false);
    const noise = makeEntries(1, 1000, true);
    const fs = new MemoryFileSystem();
    await fs.mkdir('/db');
    const textLz4 = (await writeTable(fs, '/db/1.sst', text, { compression: 'lz4' })).properties.fileBytes;
    const textRaw = (await writeTable(fs, '/db/2.sst', text, { compression: 'none' })).properties.fileBytes;
    const noiseLz4 = (await writeTable(fs, '/db/3.sst', noise, { compression: 'lz4' })).properties.fileBytes;
    const noiseRaw = (await writeTable(fs, '/db/4.sst', noise, { compression: 'none' })).properties.fileBytes;
    expect(textLz4).toBeLessThan(textRaw * 0.6);
    expect(noiseLz4).toBe(noiseRaw);
  });
});

describe('SstableReader and the block cache', () => {
  it('reads a block from the file once, then from the cache', async () => {
    const entries = makeEntries(3, 500, false);
    const { reader, cache } = await setup(entries);
    reader.get(entries[0]!.key, MAX_SEQ);
    expect(reader.blockReads).toBe(1);
    const missesBefore = cache.misses;
    reader.get(entries[0]!.key, MAX_SEQ);
    expect(reader.blockReads).toBe(1);
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(missesBefore);
    const it = reader.iterator();
    for (it.seekToFirst(); it.valid(); it.next());
    expect(reader.blockReads).toBe(reader.blockCount);
    expect(cache.bytes).toBeLessThanOrEqual(cache.capacityBytes);
  });

  it('works with a zero-capacity cache and refuses reads once closed', async () => {
    const entries = makeEntries(4, 300, false);
    const { reader } = await setup(entries, {}, 0);
    for (const e of entries) expect(reader.get(e.key, MAX_SEQ)?.seq).toBe(modelGet(entries, e.key, MAX_SEQ)?.seq);
    reader.close();
    expect(() => reader.get(entries[0]!.key, MAX_SEQ)).toThrowError(LsmError);
    expect(() => reader.iterator()).toThrowError(/closed/);
  });

  it('asserts that entries arrive in strictly increasing internal order', async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir('/db');
    const writer = new SstableWriter(await fs.create('/db/9.sst'));
    writer.add(utf8.encode('b'), 5, KIND_VALUE, utf8.encode('x'));
    expect(() => writer.add(utf8.encode('b'), 5, KIND_VALUE, utf8.encode('x'))).toThrowError(/order/);
    expect(() => writer.add(utf8.encode('b'), 6, KIND_VALUE, utf8.encode('x'))).toThrowError(/order/);
    expect(() => writer.add(utf8.encode('a'), 1, KIND_VALUE, utf8.encode('x'))).toThrowError(/order/);
    writer.add(utf8.encode('b'), 4, KIND_DELETE, new Uint8Array(0));
    expect(writer.finish().entryCount).toBe(2);
  });
});
