// CommitLog: the write-ahead log of one memtable (FORMAT.md "Commit log"; LevelDB's log::Writer
// with its group commit). Every write batch is appended here before it is applied, so a crash
// loses no acknowledged write: recovery replays the log's intact records into a new memtable.
//
// Group commit: appends made in the same turn of the event loop are framed into one staging
// buffer and written with ONE file.append (one write syscall) from a microtask. Under 'always'
// the group then waits for one fdatasync; appends arriving meanwhile queue up and form the next
// group, written and synced together once that sync completes — N concurrent writers, 1 fsync.
// Every record of a group shares one promise. A failed write or sync rejects the whole group and
// leaves the log failed: every later append rejects with the same error (the engine must roll to
// a new log or stop; it cannot know what reached the disk).

import type { FileSystem, Scheduler, WritableFile } from './file-system.js';
import { LsmError } from './errors.js';
import { encodeRecordInto, readRecords, recordBytes } from './log-record.js';
import type { ReadRecordsResult, RecordType } from './log-record.js';

/**
 * When appended records become durable before their promise resolves:
 * - 'always': after an fdatasync (group commit shares it);
 * - 'never': once written to the OS (survives a process crash, not a power loss);
 * - { intervalMs }: once written; a timer syncs within `intervalMs` after a write.
 */
export type SyncPolicy = 'always' | 'never' | { readonly intervalMs: number };

export interface CommitLogOptions {
  readonly syncPolicy: SyncPolicy;
  readonly scheduler: Scheduler;
}

export interface CommitLogStats {
  /** Records written. */
  readonly records: number;
  /** Groups written: one file.append each. */
  readonly groups: number;
  /** fdatasyncs that completed. */
  readonly syncs: number;
}

/** Staging buffer size a log starts with and returns to after a large group. */
const STAGING_INITIAL_BYTES = 64 * 1024;
/** A staging buffer grown beyond this is dropped after its group is written (bounds idle memory). */
const STAGING_KEEP_BYTES_MAX = 1024 * 1024;

/** One group's shared promise. */
interface Group {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class CommitLog {
  readonly #file: WritableFile;
  readonly #path: string;
  readonly #policy: SyncPolicy;
  readonly #scheduler: Scheduler;
  /** Encoded records waiting to be written: bytes [0, #stagedBytes). */
  #staging = new Uint8Array(STAGING_INITIAL_BYTES);
  #stagedBytes = 0;
  #stagedRecords = 0;
  /** The group of the staged records. */
  #pending: Group | undefined;
  /** The group written and being synced ('always'). */
  #inFlight: Group | undefined;
  #drainScheduled = false;
  #failure: { readonly error: unknown } | undefined;
  #closed = false;
  #size: number;
  #syncedSize = 0;
  /** An interval-policy sync in progress; never rejects (a failure fails the log). */
  #intervalSync: Promise<void> | undefined;
  #cancelTimer: (() => void) | undefined;
  #records = 0;
  #groups = 0;
  #syncs = 0;
  readonly #drainTask = (): void => {
    this.#drainScheduled = false;
    if (this.#inFlight === undefined) this.#writeGroup();
  };
  readonly #timerTask = (): void => {
    this.#cancelTimer = undefined;
    if (this.#size > this.#syncedSize && this.#failure === undefined) void this.#syncForInterval();
  };

  private constructor(file: WritableFile, path: string, options: CommitLogOptions) {
    const policy = options.syncPolicy;
    if (typeof policy === 'object' && !(Number.isFinite(policy.intervalMs) && policy.intervalMs >= 0)) {
      throw new LsmError('BAD_REQUEST', `syncPolicy.intervalMs must be a non-negative number, got ${policy.intervalMs}`);
    }
    this.#file = file;
    this.#path = path;
    this.#policy = policy;
    this.#scheduler = options.scheduler;
    this.#size = file.size;
  }

  /** Creates an empty log at `path` and makes its directory entry durable. */
  static async create(fs: FileSystem, path: string, options: CommitLogOptions): Promise<CommitLog> {
    const file = await fs.create(path);
    try {
      await fs.syncDir(dirnameOf(path));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    return new CommitLog(file, path, options);
  }

  /** Opens an existing (recovered) log to append after its last record. */
  static async open(fs: FileSystem, path: string, options: CommitLogOptions): Promise<CommitLog> {
    return new CommitLog(await fs.openAppend(path), path, options);
  }

  /**
   * Reads every intact record of the log at `path`. A torn tail is cut off (truncate, then an
   * fdatasync of the file) so later appends follow the last intact record. Payloads alias the
   * bytes read.
   */
  static async recover(fs: FileSystem, path: string): Promise<ReadRecordsResult> {
    const result = readRecords(await fs.readFile(path), path);
    if (result.tornBytes > 0) {
      await fs.truncate(path, result.validBytes);
      const file = await fs.openAppend(path);
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    }
    return result;
  }

  get path(): string {
    return this.#path;
  }

  /** Bytes written to the file (staged records not included). */
  get size(): number {
    return this.#size;
  }

  /**
   * Bytes framed but not yet written (waiting for the current sync). Not bounded here: the write
   * path bounds it by awaiting its appends (a writer that does not wait must watch this).
   */
  get queuedBytes(): number {
    return this.#stagedBytes;
  }

  get stats(): CommitLogStats {
    return { records: this.#records, groups: this.#groups, syncs: this.#syncs };
  }

  /**
   * Appends one record; resolves per the sync policy. Records of one group share one promise,
   * so a caller that drops it unobserved turns a failed group into an unhandled rejection.
   */
  append(type: RecordType, payload: Uint8Array): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#closed) return Promise.reject(new LsmError('NOT_OPEN', `commit log ${this.#path} is closed`));
    this.#stage(type, payload);
    const group = (this.#pending ??= newGroup());
    if (!this.#drainScheduled && this.#inFlight === undefined) {
      this.#drainScheduled = true;
      queueMicrotask(this.#drainTask);
    }
    return group.promise;
  }

  /** Resolves once everything appended so far is written (and, under 'always', synced). */
  drain(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    return this.#pending?.promise ?? this.#inFlight?.promise ?? Promise.resolve();
  }

  /**
   * Writes what is queued, syncs (every policy but 'never'), cancels the interval timer and
   * closes the file. Rejects if any write or sync of this log failed; the file is closed anyway.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.drain().catch(() => undefined);
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    await this.#intervalSync;
    if (this.#failure === undefined && this.#policy !== 'never' && this.#size > this.#syncedSize) {
      const target = this.#size;
      await syncFile(this.#file).then(
        () => this.#synced(target),
        (error: unknown) => this.#fail(error),
      );
    }
    try {
      await this.#file.close();
    } catch (error) {
      this.#failure ??= { error };
    }
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  #stage(type: RecordType, payload: Uint8Array): void {
    const need = this.#stagedBytes + recordBytes(payload.length);
    if (need > this.#staging.length) {
      const grown = new Uint8Array(Math.max(need, this.#staging.length * 2));
      grown.set(this.#staging.subarray(0, this.#stagedBytes));
      this.#staging = grown;
    }
    this.#stagedBytes = encodeRecordInto(this.#staging, this.#stagedBytes, type, payload);
    this.#stagedRecords++;
  }

  /** Writes the staged records with one append, then settles their group per the policy. */
  #writeGroup(): void {
    const group = this.#pending;
    if (group === undefined) return;
    const bytes = this.#staging.subarray(0, this.#stagedBytes);
    const records = this.#stagedRecords;
    this.#pending = undefined;
    this.#stagedBytes = 0;
    this.#stagedRecords = 0;
    try {
      this.#file.append(bytes);
    } catch (error) {
      this.#fail(error);
      group.reject(error);
      return;
    }
    // WritableFile.append is synchronous: the staging bytes are free again.
    if (this.#staging.length > STAGING_KEEP_BYTES_MAX) this.#staging = new Uint8Array(STAGING_INITIAL_BYTES);
    this.#size += bytes.length;
    this.#records += records;
    this.#groups++;
    if (this.#policy === 'always') {
      this.#syncGroup(group);
    } else {
      group.resolve();
      if (this.#policy !== 'never') this.#armTimer(this.#policy.intervalMs);
    }
  }

  #syncGroup(group: Group): void {
    this.#inFlight = group;
    const target = this.#size;
    syncFile(this.#file).then(
      () => {
        this.#inFlight = undefined;
        this.#synced(target);
        group.resolve();
        this.#writeGroup();
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        this.#fail(error);
        group.reject(error);
      },
    );
  }

  #armTimer(intervalMs: number): void {
    if (this.#cancelTimer === undefined && !this.#closed) {
      this.#cancelTimer = this.#scheduler.setTimer(this.#timerTask, intervalMs);
    }
  }

  #syncForInterval(): Promise<void> {
    if (this.#intervalSync !== undefined) return this.#intervalSync;
    const target = this.#size;
    this.#intervalSync = syncFile(this.#file).then(
      () => {
        this.#intervalSync = undefined;
        this.#synced(target);
      },
      (error: unknown) => {
        this.#intervalSync = undefined;
        this.#fail(error);
      },
    );
    return this.#intervalSync;
  }

  #synced(target: number): void {
    this.#syncs++;
    if (target > this.#syncedSize) this.#syncedSize = target;
  }

  /** Enters the failed state; the staged (unwritten) group rejects with the same error. */
  #fail(error: unknown): void {
    this.#failure ??= { error };
    const pending = this.#pending;
    this.#pending = undefined;
    this.#stagedBytes = 0;
    this.#stagedRecords = 0;
    pending?.reject(this.#failure.error);
  }
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** file.sync() with a synchronous throw turned into a rejection. */
function syncFile(file: WritableFile): Promise<void> {
  try {
    return file.sync();
  } catch (error) {
    return Promise.reject(error);
  }
}

function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}
