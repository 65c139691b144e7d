// TableOutput: writes a sorted stream of entries into one or more new SSTables — the common tail
// of a flush and a compaction. It cuts a new table when the current one reaches its size target,
// never between two versions of one key (so a sorted level's files never share a key), and
// returns the FileMeta of every table written once all are synced, their directory entries
// included. Nothing is live until the caller records the tables in the manifest.

import type { EntryKind } from './entry.js';
import type { FileMeta } from './file-meta.js';
import type { FileSystem, WritableFile } from './file-system.js';
import { joinPath, tableFileName } from './file-names.js';
import { BufferedFile } from './buffered-file.js';
import { LastKey } from './last-key.js';
import { SstableWriter } from './sstable-writer.js';
import type { SstableWriterOptions } from './sstable-writer.js';

export interface TableOutputOptions {
  readonly fs: FileSystem;
  readonly dir: string;
  readonly newFileNumber: () => number;
  /** Numbers of tables being written: the obsolete-file sweep must leave them alone. */
  readonly pending: Set<number>;
  readonly tableBytesTarget: number;
  readonly writer: SstableWriterOptions;
}

interface OpenTable {
  readonly number: number;
  readonly file: BufferedFile;
  readonly writer: SstableWriter;
}

export class TableOutput {
  private current: OpenTable | undefined;
  private readonly done: { number: number; file: WritableFile; meta: FileMeta }[] = [];
  private readonly lastKey = new LastKey();
  private written = 0;
  private seqMin = Number.MAX_SAFE_INTEGER;
  private seqMax = 0;

  constructor(private readonly options: TableOutputOptions) {}

  /** Bytes of finished tables plus the current table's estimate. */
  get bytesWritten(): number {
    return this.written + (this.current?.writer.estimatedFileBytes ?? 0);
  }

  /** True when `key` must go into a new table: call `openTable()` before `add`. */
  needsTable(key: Uint8Array): boolean {
    if (this.current === undefined) return true;
    return this.current.writer.estimatedFileBytes >= this.options.tableBytesTarget && !this.lastKey.equals(key);
  }

  /** Finishes the current table (if any) and starts the next. */
  async openTable(): Promise<void> {
    if (this.current !== undefined) this.finishCurrent();
    this.current = await this.open();
  }

  /** Appends an entry (internal order) to the current table. Synchronous: blocks are appended as they fill. */
  add(key: Uint8Array, seq: number, kind: EntryKind, value: Uint8Array): void {
    const t = this.current;
    if (t === undefined) throw new Error('@kv/lsm assertion failed: add before openTable');
    t.writer.add(key, seq, kind, value);
    if (seq < this.seqMin) this.seqMin = seq;
    if (seq > this.seqMax) this.seqMax = seq;
    if (!this.lastKey.equals(key)) this.lastKey.set(key);
  }

  /** Finishes, syncs and closes every table; resolves to their metadata (empty when nothing was added). */
  async finish(): Promise<FileMeta[]> {
    if (this.current !== undefined) this.finishCurrent();
    for (const t of this.done) {
      await t.file.sync();
      await t.file.close();
    }
    if (this.done.length > 0) await this.options.fs.syncDir(this.options.dir);
    return this.done.map((t) => t.meta);
  }

  /** Abandons the output: closes and deletes every table started. */
  async abort(): Promise<void> {
    const tables = [...this.done.map((t) => ({ number: t.number, file: t.file }))];
    if (this.current !== undefined) tables.push({ number: this.current.number, file: this.current.file });
    this.current = undefined;
    for (const t of tables) {
      await t.file.close().catch(() => undefined);
      await this.options.fs.remove(joinPath(this.options.dir, tableFileName(t.number))).catch(() => undefined);
      this.options.pending.delete(t.number);
    }
  }

  /** Table numbers this output created (for the caller to clear from `pending` once recorded). */
  numbers(): number[] {
    return this.done.map((t) => t.number);
  }

  private async open(): Promise<OpenTable> {
    const number = this.options.newFileNumber();
    this.options.pending.add(number);
    const file = new BufferedFile(await this.options.fs.create(joinPath(this.options.dir, tableFileName(number))));
    return { number, file, writer: new SstableWriter(file, this.options.writer) };
  }

  private finishCurrent(): void {
    const t = this.current!;
    this.current = undefined;
    const p = t.writer.finish();
    t.file.release();
    const seqs = { seqMin: this.seqMin, seqMax: this.seqMax };
    this.seqMin = Number.MAX_SAFE_INTEGER;
    this.seqMax = 0;
    this.written += p.fileBytes;
    this.done.push({
      number: t.number,
      file: t.file,
      meta: {
        number: t.number,
        fileBytes: p.fileBytes,
        smallestKey: p.smallestKey,
        largestKey: p.largestKey,
        ...seqs,
        entryCount: p.entryCount,
        tombstoneCount: p.tombstoneCount,
      },
    });
  }
}
