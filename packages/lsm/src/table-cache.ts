// TableCache: the bounded set of open SSTable readers (each holds a file handle, its index and
// its bloom filter in memory), like LevelDB's TableCache. At most `tablesOpenMax` readers stay
// open, least recently used first out; a reader an iterator is still using is closed only when
// that iterator lets go. This is what bounds the engine's per-table memory whatever the data size.

import { LRUCache } from 'lru-cache';
import type { BlockCache } from './block-cache.js';
import type { FileSystem } from './file-system.js';
import { joinPath, tableFileName } from './file-names.js';
import { SstableReader } from './sstable-reader.js';

interface Slot {
  readonly reader: SstableReader;
  pins: number;
  evicted: boolean;
}

export class TableCache {
  private readonly slots: LRUCache<number, Slot>;
  private opens = 0;

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    private readonly blockCache: BlockCache,
    tablesOpenMax: number,
  ) {
    this.slots = new LRUCache<number, Slot>({
      max: Math.max(1, tablesOpenMax),
      dispose: (slot) => {
        slot.evicted = true;
        if (slot.pins === 0) slot.reader.close();
      },
    });
  }

  /** Tables opened so far (misses). */
  get openCount(): number {
    return this.opens;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Finds, or opens, the reader for table `number` (synchronous: an open is a few syscalls). */
  get(number: number): SstableReader {
    const slot = this.slots.get(number);
    if (slot !== undefined) return slot.reader;
    const path = joinPath(this.dir, tableFileName(number));
    const reader = SstableReader.openFile(this.fs.openRead(path), path, number, this.blockCache);
    this.opens++;
    this.slots.set(number, { reader, pins: 0, evicted: false });
    return reader;
  }

  /** Opens table `number` and keeps it open until the returned release is called (for iterators). */
  pin(number: number): { reader: SstableReader; release: () => void } {
    this.get(number);
    const slot = this.slots.get(number)!;
    slot.pins++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      slot.pins--;
      if (slot.pins === 0 && slot.evicted) slot.reader.close();
    };
    return { reader: slot.reader, release };
  }
  /** Drops a deleted table's reader and its cached blocks. */
  evict(number: number): void {
    this.slots.delete(number);
    this.blockCache.evictFile(number);
  }

  close(): void {
    this.slots.clear();
  }
}
