// SSTable damage detection (FORMAT.md §SSTable, leveldb `corruption_test.cc`): flip one bit at
// every byte of a small table and check that reading never yields a wrong value — every flip is
// CORRUPTION naming the file and an offset, at open (footer, filter, index) or when the damaged
// data block is read. Also: truncated files and a file that is not a table.

import { describe, expect, it } from 'vitest';
import { BlockCache } from '../src/block-cache.js';
import { compareBytes } from '../src/bytes.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ } from '../src/entry.js';
import type { EntryKind } from '../src/entry.js';
import { LsmError } from '../src/errors.js';
import { MemoryFileSystem } from '../src/memory-file-system.js';
import { SstableReader } from '../src/sstable-reader.js';
import { SstableWriter } from '../src/sstable-writer.js';
import { FOOTER_BYTES } from '../src/sstable-format.js';

interface ModelEntry {
  key: Uint8Array;
  seq: number;
  kind: EntryKind;
  value: Uint8Array;
}

const PATH = '/db/000009.sst';
const utf8 = new TextEncoder();

function smallTable(): ModelEntry[] {
  const entries: ModelEntry[] = [];
  for (let k = 0; k < 60; k++) {
    const key = utf8.encode(`key-${String(k).padStart(3, '0')}`);
    entries.push({ key, seq: 1000 - 2 * k, kind: KIND_VALUE, value: utf8.encode(`value ${k} `.repeat(k % 4 === 0 ? 1 : 6)) });
    if (k % 5 === 0) entries.push({ key, seq: 999 - 2 * k, kind: KIND_DELETE, value: new Uint8Array(0) });
  }
  return entries;
}

/** Writes the table; returns its data blocks' offsets and where the data blocks end (the filter's offset). */
async function writeSmallTable(fs: MemoryFileSystem, entries: readonly ModelEntry[]): Promise<{ blockOffsets: number[]; dataEnd: number }> {
  await fs.mkdir('/db');
  const file = await fs.create(PATH);
  const writer = new SstableWriter(file, { blockBytesTarget: 512, compression: 'lz4' });
  for (const e of entries) writer.add(e.key, e.seq, e.kind, e.value);
  writer.finish();
  await file.sync();
  await file.close();
  const reader = await SstableReader.open(fs, PATH, 9, new BlockCache(0));
  const blockOffsets = Array.from({ length: reader.blockCount }, (_, b) => readerBlockOffset(reader, b));
  expect(blockOffsets[0]).toBe(0);
  reader.close();
  const footer = (await fs.readFile(PATH)).subarray(-FOOTER_BYTES);
  const dataEnd = new DataView(footer.buffer, footer.byteOffset).getUint32(0, true); // filterOffset:u64le
  return { blockOffsets, dataEnd };
}

/** Data block b's file offset, from the index entry's handle (offset:u64le first). */
function readerBlockOffset(reader: SstableReader, b: number): number {
  const handle = reader.index.valueAt(b);
  return new DataView(handle.buffer, handle.byteOffset, handle.byteLength).getUint32(0, true);
}

/** Opens the table and reads every entry by get and by a full scan; returns whether all were right. */
async function readAll(fs: MemoryFileSystem, entries: readonly ModelEntry[]): Promise<boolean> {
  const reader = await SstableReader.open(fs, PATH, 9, new BlockCache(0));
  try {
    let i = 0;
    for (const e of entries) {
      const got = reader.get(e.key, e.seq);
      if (got === undefined || got.seq !== e.seq || got.kind !== e.kind || compareBytes(got.value, e.value) !== 0) return false;
    }
    const it = reader.iterator();
    for (it.seekToFirst(); it.valid(); it.next(), i++) {
      const e = entries[i];
      if (e === undefined || compareBytes(it.key(), e.key) !== 0 || it.seq() !== e.seq || compareBytes(it.value(), e.value) !== 0) return false;
    }
    return i === entries.length && reader.get(utf8.encode('absent'), MAX_SEQ) === undefined;
  } finally {
    reader.close();
  }
}

/** The error's offset if it is CORRUPTION naming PATH ("path @ offset: what"), else a failure. */
function corruptionOffset(error: unknown): number {
  expect(error).toBeInstanceOf(LsmError);
  expect((error as LsmError).code).toBe('CORRUPTION');
  const match = /^\/db\/000009\.sst @ (\d+): /.exec((error as LsmError).message);
  expect(match, (error as Error).message).not.toBeNull();
  return Number(match![1]);
}

describe('SSTable corruption', () => {
  it('every flipped bit at every byte is CORRUPTION naming the file and an offset, never a wrong value', async () => {
    const fs = new MemoryFileSystem();
    const entries = smallTable();
    const { blockOffsets, dataEnd } = await writeSmallTable(fs, entries);
    const size = fs.fileSize(PATH);
    expect(size).toBeGreaterThan(2000);
    expect(size).toBeLessThan(4096);
    expect(blockOffsets.length).toBeGreaterThanOrEqual(4);
    expect(await readAll(fs, entries)).toBe(true);
    const undetected: string[] = [];
    for (let at = 0; at < size; at++) {
      const bits = at % 7 === 0 ? [0, 1, 2, 3, 4, 5, 6, 7] : [at % 8];
      for (const bit of bits) {
        fs.flipBit(PATH, at, bit);
        try {
          if (await readAll(fs, entries)) undetected.push(`${at}.${bit}`);
          else undetected.push(`${at}.${bit} gave a wrong value`);
        } catch (error) {
          const offset = corruptionOffset(error);
          // A damaged data block is reported at that block's offset.
          if (at < dataEnd) expect(offset).toBe(blockOffsets.filter((start) => start <= at).at(-1));
        } finally {
          fs.flipBit(PATH, at, bit);
        }
      }
    }
    expect(undetected).toEqual([]);
    expect(await readAll(fs, entries)).toBe(true);
  });

  it('a damaged data block fails only when read: the open and other blocks still work', async () => {
    const fs = new MemoryFileSystem();
    const entries = smallTable();
    const { blockOffsets } = await writeSmallTable(fs, entries);
    fs.flipBit(PATH, blockOffsets[1]! + 3, 0);
    const reader = await SstableReader.open(fs, PATH, 9, new BlockCache(1 << 16));
    expect(reader.get(entries[0]!.key, MAX_SEQ)?.seq).toBe(entries[0]!.seq);
    const inBlock1 = entries.find((e) => {
      try {
        reader.get(e.key, e.seq);
        return false;
      } catch (error) {
        return corruptionOffset(error) === blockOffsets[1];
      }
    });
    expect(inBlock1).toBeDefined();
    reader.close();
  });

  it('a truncated file or a file that is not a table is CORRUPTION at open', async () => {
    const fs = new MemoryFileSystem();
    const entries = smallTable();
    await writeSmallTable(fs, entries);
    const size = fs.fileSize(PATH);
    for (const cut of [0, 10, FOOTER_BYTES - 1, FOOTER_BYTES, size - FOOTER_BYTES, size - 1]) {
      await fs.truncate(PATH, cut);
      await expect(SstableReader.open(fs, PATH, 9, new BlockCache(0))).rejects.toSatisfy((error) => corruptionOffset(error) >= 0);
      const original = await writeAgain(entries);
      await restore(fs, original);
    }
  });
});

async function writeAgain(entries: readonly ModelEntry[]): Promise<Uint8Array> {
  const scratch = new MemoryFileSystem();
  await writeSmallTable(scratch, entries);
  return scratch.readFile(PATH);
}

async function restore(fs: MemoryFileSystem, bytes: Uint8Array): Promise<void> {
  const file = await fs.create(PATH);
  file.append(bytes);
  await file.sync();
  await file.close();
}
