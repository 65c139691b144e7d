// Format: FORMAT.md §Manifest, §CURRENT
// Manifest: the durable record of the live set of SSTables. Like LevelDB's MANIFEST + CURRENT:
// a log of VersionEdits (checksummed records, FORMAT.md §Manifest), and a one-line CURRENT file
// naming the manifest in use. An edit counts once its record is synced; a torn last record is an
// edit that never completed and is ignored, so reopening after a crash at any instant yields the
// state after the last completed flush or compaction. Each open starts a fresh manifest holding
// one snapshot edit and swaps CURRENT to it by an atomic rename, so manifests never grow without
// bound across restarts.

import { assert, corruption } from './errors.js';
import type { FileSystem, WritableFile } from './file-system.js';
import { CURRENT_FILE, joinPath, manifestFileName, parseFileName, tempFileName } from './file-names.js';
import { encodeRecord, readRecords, RECORD_HEADER_BYTES, RECORD_VERSION_EDIT } from './log-record.js';
import { readU32 } from './bytes.js';
import { Version } from './version.js';
import type { VersionEdit } from './version-edit.js';
import { decodeVersionEdit, encodeVersionEdit } from './version-edit.js';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** The counters the manifest carries besides the file set. */
export interface ManifestState {
  logNumber: number;
  nextFileNumber: number;
  lastSeq: number;
  compactPointers: Map<number, Uint8Array>;
}

export class Manifest {
  private file: WritableFile;
  private fileNumber: number;
  private queue: Promise<void> = Promise.resolve();
  private editsWritten = 0;

  private constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    file: WritableFile,
    fileNumber: number,
    public current: Version,
    readonly state: ManifestState,
  ) {
    this.file = file;
    this.fileNumber = fileNumber;
  }

  /** True when the directory holds a store (a CURRENT file). */
  static exists(fs: FileSystem, dir: string): Promise<boolean> {
    return fs.exists(joinPath(dir, CURRENT_FILE));
  }

  /** Starts a manifest for an empty store. */
  static async create(fs: FileSystem, dir: string): Promise<Manifest> {
    const state: ManifestState = { logNumber: 0, nextFileNumber: 1, lastSeq: 0, compactPointers: new Map() };
    return Manifest.startNew(fs, dir, Version.empty(), state, undefined);
  }

  /** Reads CURRENT and the manifest it names, replays the edits, and starts a fresh manifest. */
  static async recover(fs: FileSystem, dir: string): Promise<Manifest> {
    const currentPath = joinPath(dir, CURRENT_FILE);
    const text = utf8Decoder.decode(await fs.readFile(currentPath));
    const name = text.endsWith('\n') ? text.slice(0, -1) : '';
    const parsed = parseFileName(name);
    if (parsed?.kind !== 'manifest') throw corruption(currentPath, 0, `CURRENT does not name a manifest: ${JSON.stringify(text)}`);
    const path = joinPath(dir, name);
    const bytes = await fs.readFile(path);
    const { records, validBytes, tornBytes } = readRecords(bytes, path);
    // Every edit is synced before the next is written, so only the last record can be torn. A bad
    // record with whole records' worth of bytes after it is damage, not a crash: replaying past
    // it would silently undo edits whose inputs are already deleted.
    if (tornBytes > 0 && validBytes + RECORD_HEADER_BYTES <= bytes.length) {
      const length = readU32(bytes, validBytes + 4);
      if (validBytes + RECORD_HEADER_BYTES + length < bytes.length) {
        throw corruption(path, validBytes, 'a damaged edit with more edits after it');
      }
    }
    let version = Version.empty();
    const state: ManifestState = { logNumber: 0, nextFileNumber: 1, lastSeq: 0, compactPointers: new Map() };
    for (const record of records) {
      if (record.type !== RECORD_VERSION_EDIT) throw corruption(path, record.offset, `record type ${record.type} in a manifest`);
      const edit = decodeVersionEdit(record.payload, path, record.offset);
      version = version.apply(edit);
      applyCounters(state, edit);
    }
    if (records.length === 0) throw corruption(path, 0, 'manifest holds no complete edit');
    // Numbers handed out after the last completed edit (a rotated log, a table of a flush cut by
    // the crash) are on disk but not in the manifest: never hand them out again (LevelDB's
    // MarkFileNumberUsed), or a new log could take the name of one still to be replayed.
    for (const entry of await fs.list(dir)) {
      const f = parseFileName(entry);
      if (f !== undefined) state.nextFileNumber = Math.max(state.nextFileNumber, f.number + 1);
    }
    return Manifest.startNew(fs, dir, version, state, name);
  }

  private static async startNew(
    fs: FileSystem,
    dir: string,
    version: Version,
    state: ManifestState,
    oldName: string | undefined,
  ): Promise<Manifest> {
    const number = state.nextFileNumber++;
    const file = await fs.create(joinPath(dir, manifestFileName(number)));
    const manifest = new Manifest(fs, dir, file, number, version, state);
    file.append(encodeRecord(RECORD_VERSION_EDIT, encodeVersionEdit(manifest.snapshotEdit())));
    await file.sync();
    await manifest.pointCurrentAt(manifestFileName(number));
    if (oldName !== undefined) await fs.remove(joinPath(dir, oldName));
    return manifest;
  }

  get manifestFileNumber(): number {
    return this.fileNumber;
  }

  /** A fresh file number (tables, logs, temp files); recorded durably with the next edit. */
  newFileNumber(): number {
    return this.state.nextFileNumber++;
  }

  /**
   * Appends `edit`, syncs it, then makes it current. Edits are applied one at a time in call
   * order; the returned promise settles when this edit is durable and current.
   */
  logAndApply(edit: VersionEdit): Promise<Version> {
    const run = this.queue.then(async () => {
      const next = this.current.apply(edit);
      edit.nextFileNumber = this.state.nextFileNumber;
      this.file.append(encodeRecord(RECORD_VERSION_EDIT, encodeVersionEdit(edit)));
      await this.file.sync();
      this.editsWritten++;
      applyCounters(this.state, edit);
      this.current = next;
      return next;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  get editCount(): number {
    return this.editsWritten;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
  }

  private snapshotEdit(): VersionEdit {
    const added = this.current.levels.flatMap((files, level) => files.map((file) => ({ level, file })));
    return {
      logNumber: this.state.logNumber,
      nextFileNumber: this.state.nextFileNumber,
      lastSeq: this.state.lastSeq,
      added,
      compactPointers: [...this.state.compactPointers],
    };
  }

  /** CURRENT := name, atomically: write a temp file, sync it, rename over CURRENT, sync the directory. */
  private async pointCurrentAt(name: string): Promise<void> {
    const temp = joinPath(this.dir, tempFileName(this.newFileNumber()));
    const file = await this.fs.create(temp);
    file.append(utf8.encode(`${name}\n`));
    await file.sync();
    await file.close();
    await this.fs.rename(temp, joinPath(this.dir, CURRENT_FILE));
    await this.fs.syncDir(this.dir);
  }
}

function applyCounters(state: ManifestState, edit: VersionEdit): void {
  if (edit.logNumber !== undefined) {
    assert(edit.logNumber >= state.logNumber, 'log number went backwards');
    state.logNumber = edit.logNumber;
  }
  if (edit.nextFileNumber !== undefined) state.nextFileNumber = Math.max(state.nextFileNumber, edit.nextFileNumber);
  if (edit.lastSeq !== undefined) state.lastSeq = Math.max(state.lastSeq, edit.lastSeq);
  for (const [level, key] of edit.compactPointers ?? []) state.compactPointers.set(level, key);
}
