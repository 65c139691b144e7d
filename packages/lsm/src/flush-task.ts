// FlushTask: a sealed memtable packed into one flat buffer of entries (in internal order,
// shadowed versions already dropped), so writing its level-0 table — blocks, LZ4, checksums,
// the bloom filter — can happen on the background thread while the event loop keeps taking
// writes. Packing is a memory copy per entry; building the table is most of a flush's cost.
//
//   packed := entry*      entry := kind:u8 seq:u64le keyLength:u32le valueLength:u32le key value
//
// (An in-memory hand-off between threads, never written to disk: not part of FORMAT.md.)

import { readU64, writeU32 } from './bytes.js';
import { assert } from './errors.js';
import type { EntryKind } from './entry.js';
import type { FileMeta } from './file-meta.js';
import type { FileSystem } from './file-system.js';
import type { Memtable, MemVersion } from './memtable.js';
import type { SstableWriterOptions } from './sstable-writer.js';
import { TableOutput } from './table-output.js';
import { VersionFilter } from './version-filter.js';

const ENTRY_HEADER_BYTES = 1 + 8 + 4 + 4;

export interface FlushTask {
  readonly dir: string;
  readonly fileNumber: number;
  readonly packed: Uint8Array;
  readonly writer: SstableWriterOptions;
}

/** Packs a sealed memtable, dropping versions no live snapshot can see. One pass, one growing buffer. */
export function packMemtable(mem: Memtable, snapshots: readonly number[]): Uint8Array {
  let out = new Uint8Array(Math.max(1024, mem.approximateBytes));
  let at = 0;
  const filter = new VersionFilter(snapshots, undefined);
  mem.forEachKey((key, newest) => {
    for (let v: MemVersion | undefined = newest; v !== undefined; v = v.older) {
      if (!filter.keep(key, v.seq, v.kind)) continue;
      const need = at + ENTRY_HEADER_BYTES + key.length + v.value.length;
      if (need > out.length) {
        const grown = new Uint8Array(Math.max(need, out.length * 2));
        grown.set(out.subarray(0, at));
        out = grown;
      }
      out[at] = v.kind;
      writeF64(out, at + 1, v.seq);
      writeU32(out, at + 9, key.length);
      writeU32(out, at + 13, v.value.length);
      out.set(key, at + ENTRY_HEADER_BYTES);
      out.set(v.value, at + ENTRY_HEADER_BYTES + key.length);
      at = need;
    }
  });
  return out.subarray(0, at);
}

/** Seqs are integers below 2^53: stored as two u32 halves (read back with readU64). */
function writeF64(out: Uint8Array, at: number, value: number): void {
  writeU32(out, at, value % 0x1_0000_0000);
  writeU32(out, at + 4, Math.floor(value / 0x1_0000_0000));
}

/** Calls `fn` for every packed entry, in order. */
export function forEachPacked(packed: Uint8Array, fn: (key: Uint8Array, seq: number, kind: EntryKind, value: Uint8Array) => void): void {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  for (let at = 0; at < packed.length; ) {
    const keyLength = view.getUint32(at + 9, true);
    const valueLength = view.getUint32(at + 13, true);
    const keyAt = at + ENTRY_HEADER_BYTES;
    fn(
      packed.subarray(keyAt, keyAt + keyLength),
      readU64(packed, at + 1),
      packed[at] as EntryKind,
      packed.subarray(keyAt + keyLength, keyAt + keyLength + valueLength),
    );
    at = keyAt + keyLength + valueLength;
  }
}

/** Writes the packed entries as one level-0 table; none when there are no entries. */
export async function runFlushTask(task: FlushTask, fs: FileSystem): Promise<FileMeta[]> {
  if (task.packed.length === 0) return [];
  let used = false;
  const output = new TableOutput({
    fs,
    dir: task.dir,
    newFileNumber: () => {
      assert(!used, 'a flush writes one table');
      used = true;
      return task.fileNumber;
    },
    pending: new Set(),
    tableBytesTarget: Number.POSITIVE_INFINITY,
    writer: task.writer,
  });
  await output.openTable();
  try {
    forEachPacked(task.packed, (key, seq, kind, value) => output.add(key, seq, kind, value));
    return await output.finish();
  } catch (error) {
    await output.abort();
    throw error;
  }
}
