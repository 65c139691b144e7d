// Lsm: one open store — the write path (commit log → memtable → SSTable), the read path
// (memtable → bloom filter → index → block, through the block cache), snapshots, iterators,
// and the background flush and compaction that keep it bounded. `openLsm` recovers a store
// after any crash: it replays the manifest, then every commit log not yet flushed, truncating a
// torn tail, and resumes. See README.md for the guarantees and FORMAT.md for the bytes.

import { BlockCache } from './block-cache.js';
import { copyBytes, toBytes } from './bytes.js';
import { CommitLog } from './commit-log.js';
import type { Compaction } from './compaction-picker.js';
import { compactionFor, pickCompaction } from './compaction-picker.js';
import { BackgroundThread } from './runtime/background-thread.js';
import { KIND_DELETE, KIND_VALUE } from './entry.js';
import { assert, badRequest, LsmError } from './errors.js';
import { keyRange } from './file-meta.js';
import type { FileSystem, Scheduler } from './file-system.js';
import { joinPath, LOCK_FILE, logFileName, tableFileName } from './file-names.js';
import type { InternalIterator } from './internal-iterator.js';
import { LevelIterator } from './level-iterator.js';
import { DbIterator } from './db-iterator.js';
import { LsmIterator } from './lsm-iterator.js';
import { Manifest } from './manifest.js';
import { MemSlot } from './mem-slot.js';
import { VERSION_OVERHEAD_BYTES } from './memtable.js';
import { MergingIterator } from './merging-iterator.js';
import type { LsmOptions, ResolvedOptions } from './options.js';
import { purgeAlways, resolveOptions } from './options.js';
import { RateLimiter } from './rate-limiter.js';
import { recoverLogs } from './log-recovery.js';
import { NodeFileSystem } from './runtime/node-file-system.js';
import { nodeScheduler } from './runtime/node-scheduler.js';
import type { Snapshot } from './snapshot.js';
import { SnapshotList } from './snapshot.js';
import { StoreStats } from './store-stats.js';
import { buildCompaction, writeLevel0 } from './table-builds.js';
import type { BuildContext } from './table-builds.js';
import { lookupValue } from './read-path.js';
import { sweepDirectory } from './directory-sweep.js';
import type { LsmStats } from './store-stats.js';
import { TableCache } from './table-cache.js';
import type { Version } from './version.js';
import { LEVELS } from './version.js';
import type { BatchOp } from './write-batch.js';
import { encodeWriteBatch, writeBatchBytes } from './write-batch.js';
import { RECORD_HEADER_BYTES, RECORD_PAYLOAD_BYTES_MAX, RECORD_WRITE_BATCH } from './log-record.js';

export type KeyInput = Uint8Array | string;
export type BatchOperation =
  | { readonly type: 'put'; readonly key: KeyInput; readonly value: KeyInput }
  | { readonly type: 'del'; readonly key: KeyInput };

export interface ReadOptions {
  readonly snapshot?: Snapshot | undefined;
}

export interface IteratorOptions extends ReadOptions {
  readonly gt?: KeyInput | undefined;
  readonly gte?: KeyInput | undefined;
  readonly lt?: KeyInput | undefined;
  readonly lte?: KeyInput | undefined;
  readonly reverse?: boolean | undefined;
  /** At most this many pairs; -1 or undefined = no limit. */
  readonly limit?: number | undefined;
}

/** The longest a run of awaited writes keeps the event loop from turning. */
const FAIRNESS_TURN_MS = 2;

/** Opens (creating by default) the store in `dir`. */
export async function openLsm(dir: string, options: LsmOptions = {}): Promise<Lsm> {
  if (typeof dir !== 'string' || dir.length === 0) throw badRequest('dir must be a non-empty string');
  const resolved = resolveOptions(options);
  return Lsm.open(dir, options.fs ?? new NodeFileSystem(), options.scheduler ?? nodeScheduler, resolved);
}

export class Lsm {
  private status_: 'open' | 'closing' | 'closed' = 'open';
  private imms: MemSlot[] = [];
  private lastSeq: number;
  private nextSeq: number;
  private readonly snapshots = new SnapshotList();
  private readonly iterators = new Set<LsmIterator>();
  private readonly pinned = new Map<Version, number>();
  private readonly pendingOutputs = new Set<number>();
  private readonly obsoleteTables = new Set<number>();
  /** Table deletions in flight (waited for by compactRange, waitForIdle and close). */
  private readonly removals = new Set<Promise<void>>();
  private bgError: unknown;
  private rotating: Promise<void> | undefined;
  private flushing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  private roomWaiters: (() => void)[] = [];
  private lastTurnMs = 0;
  private readonly limiter: RateLimiter;
  private readonly counters = new StoreStats();
  private readonly build: BuildContext;

  private constructor(
    readonly dir: string,
    private readonly fs: FileSystem,
    private readonly scheduler: Scheduler,
    private readonly o: ResolvedOptions,
    private readonly manifest: Manifest,
    private readonly blockCache: BlockCache,
    private readonly tables: TableCache,
    private active: MemSlot,
    private readonly releaseLock: () => Promise<void>,
    /** Worker threads for compactions and flushes (undefined: that work runs on the event loop). */
    private readonly threads: { readonly compaction: BackgroundThread; readonly flush: BackgroundThread } | undefined,
  ) {
    this.lastSeq = manifest.state.lastSeq;
    this.nextSeq = this.lastSeq + 1;
    this.limiter = new RateLimiter(scheduler, o.compactionBytesPerSecond);
    this.build = {
      fs,
      dir,
      o,
      scheduler,
      manifest,
      tables,
      limiter: this.limiter,
      pendingOutputs: this.pendingOutputs,
      snapshots: () => this.snapshots.seqs(),
      stopping: () => this.status_ !== 'open',
      threads,
    };
  }

  /** @internal use `openLsm`. */
  static async open(dir: string, fs: FileSystem, scheduler: Scheduler, o: ResolvedOptions): Promise<Lsm> {
    if (o.createIfMissing) await fs.mkdir(dir);
    else if (!(await Manifest.exists(fs, dir))) throw new LsmError('NOT_FOUND', `no store in ${dir} (createIfMissing is false)`);
    const releaseLock = await fs.lock(joinPath(dir, LOCK_FILE));
    try {
      const exists = await Manifest.exists(fs, dir);
      if (exists && o.errorIfExists) throw new LsmError('BAD_REQUEST', `a store already exists in ${dir} (errorIfExists)`);
      const manifest = exists ? await Manifest.recover(fs, dir) : await Manifest.create(fs, dir);
      const blockCache = new BlockCache(o.blockCacheBytes);
      const tables = new TableCache(fs, dir, blockCache, o.tablesOpenMax);
      const recovered = await recoverLogs(fs, dir, manifest, o, scheduler);
      const threaded = o.backgroundThreads && fs instanceof NodeFileSystem && o.canPurge === purgeAlways;
      const threads = threaded ? { compaction: new BackgroundThread(), flush: new BackgroundThread() } : undefined;
      const store = new Lsm(dir, fs, scheduler, o, manifest, blockCache, tables, recovered.slot, releaseLock, threads);
      store.counters.recovery = recovered.stats;
      await sweepDirectory(fs, dir, manifest.current, manifest.manifestFileNumber, recovered.slot.logNumber);
      store.scheduleCompaction();
      return store;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  get status(): 'open' | 'closing' | 'closed' {
    return this.status_;
  }

  // ---- writes -------------------------------------------------------------------------------

  put(key: KeyInput, value: KeyInput): Promise<void> {
    return this.guard(() => this.write([{ kind: KIND_VALUE, key: this.checkKey(key), value: this.checkValue(value) }]));
  }

  del(key: KeyInput): Promise<void> {
    return this.guard(() => this.write([{ kind: KIND_DELETE, key: this.checkKey(key), value: EMPTY }]));
  }

  /** Applies every operation or none (one commit-log record). */
  batch(operations: readonly BatchOperation[]): Promise<void> {
    return this.guard(() => {
      if (!Array.isArray(operations)) throw badRequest('batch takes an array of operations');
      const ops: BatchOp[] = operations.map((op, i) => {
        if (typeof op !== 'object' || op === null) throw badRequest(`batch operation ${i} is not an object`);
        if (op.type === 'put') return { kind: KIND_VALUE, key: this.checkKey(op.key), value: this.checkValue(op.value) };
        if (op.type === 'del') return { kind: KIND_DELETE, key: this.checkKey(op.key), value: EMPTY };
        throw badRequest(`batch operation ${i} has type ${JSON.stringify((op as { type: unknown }).type)}; expected 'put' or 'del'`);
      });
      return ops.length === 0 ? Promise.resolve() : this.write(ops);
    });
  }

  private write(ops: BatchOp[]): Promise<void> {
    this.checkWritable();
    if (writeBatchBytes(ops) > RECORD_PAYLOAD_BYTES_MAX) {
      throw badRequest(`a batch takes at most ${RECORD_PAYLOAD_BYTES_MAX} bytes in the commit log (one record); split it`);
    }
    if (this.needsRoom()) return this.makeRoomThenWrite(ops);
    return this.writeNow(ops);
  }

  private writeNow(ops: BatchOp[]): Promise<void> {
    const slot = this.active;
    const firstSeq = this.nextSeq;
    this.nextSeq += ops.length;
    const payload = encodeWriteBatch(firstSeq, ops);
    let userBytes = 0;
    for (const op of ops) userBytes += op.key.length + op.value.length;
    slot.begin(userBytes + ops.length * VERSION_OVERHEAD_BYTES);
    this.counters.userBytes += userBytes;
    this.counters.logBytes += payload.length + RECORD_HEADER_BYTES;
    return slot.log.append(RECORD_WRITE_BATCH, payload).then(
      () => {
        for (let i = 0; i < ops.length; i++) slot.mem.add(ops[i]!.key, firstSeq + i, ops[i]!.kind, ops[i]!.value);
        this.lastSeq = firstSeq + ops.length - 1;
        slot.end();
        return this.fairness();
      },
      (error: unknown) => {
        slot.end();
        this.fail(error);
        throw error;
      },
    );
  }

  /**
   * Writes complete through microtasks (group commit drains in one), so a caller awaiting writes
   * in a loop would never let the event loop turn: timers, IO callbacks and the background
   * threads' replies (a finished flush) would wait until the next stall. So at most every
   * `FAIRNESS_TURN_MS` one write's promise resolves after a turn of the event loop instead.
   */
  private fairness(): Promise<void> | undefined {
    const now = this.scheduler.nowMs();
    if (now - this.lastTurnMs < FAIRNESS_TURN_MS) return undefined;
    this.lastTurnMs = now;
    return this.scheduler.yield();
  }

  private needsRoom(): boolean {
    return (
      this.rotating !== undefined ||
      this.active.reservedBytes >= this.o.memtableBytesMax ||
      this.manifest.current.fileCount(0) >= this.o.level0StallTrigger
    );
  }

  /** The slow path: rotate a full memtable, or stall until background work makes room. */
  private async makeRoomThenWrite(ops: BatchOp[]): Promise<void> {
    const startedMs = this.scheduler.nowMs();
    let stalled = false;
    for (;;) {
      this.checkWritable();
      if (this.rotating !== undefined) {
        await this.rotating;
      } else if (this.manifest.current.fileCount(0) >= this.o.level0StallTrigger) {
        stalled = true;
        this.scheduleCompaction();
        await this.waitForRoom();
      } else if (this.active.reservedBytes >= this.o.memtableBytesMax) {
        if (this.imms.length >= this.o.memtablesImmutableMax) {
          stalled = true;
          await this.waitForRoom();
        } else {
          this.rotating = this.rotate().finally(() => (this.rotating = undefined));
          await this.rotating;
        }
      } else break;
    }
    if (stalled) {
      this.counters.stalls++;
      this.counters.stallMs += this.scheduler.nowMs() - startedMs;
    }
    return this.writeNow(ops);
  }

  /**
   * Seals the active memtable behind a fresh commit log and queues its flush. The old log is
   * written out and synced (unless the policy is 'never') before the new one takes a write, so
   * what survives a power cut is always a prefix of the acknowledged writes.
   */
  private async rotate(): Promise<void> {
    await this.active.log.close();
    const number = this.manifest.newFileNumber();
    const log = await CommitLog.create(this.fs, joinPath(this.dir, logFileName(number)), {
      syncPolicy: this.o.syncPolicy,
      scheduler: this.scheduler,
    });
    this.imms.push(this.active);
    this.active = new MemSlot(log, number);
    this.scheduleFlush();
  }

  private waitForRoom(): Promise<void> {
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  private wakeWriters(): void {
    for (const w of this.roomWaiters.splice(0)) w();
  }

  // ---- reads --------------------------------------------------------------------------------

  /** The value of `key` (at the snapshot, if given), or undefined. A copy: safe to keep and change. */
  get(key: KeyInput, options?: ReadOptions): Promise<Uint8Array | undefined> {
    try {
      return Promise.resolve(this.getSync(key, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  getSync(key: KeyInput, options?: ReadOptions): Uint8Array | undefined {
    this.checkReadable();
    const k = this.checkKey(key);
    const value = this.lookup(k, this.readSeq(options));
    return value === undefined ? undefined : copyBytes(value);
  }

  getMany(keys: readonly KeyInput[], options?: ReadOptions): Promise<(Uint8Array | undefined)[]> {
    try {
      this.checkReadable();
      if (!Array.isArray(keys)) throw badRequest('getMany takes an array of keys');
      const seq = this.readSeq(options);
      return Promise.resolve(
        keys.map((key) => {
          const value = this.lookup(this.checkKey(key), seq);
          return value === undefined ? undefined : copyBytes(value);
        }),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Newest visible value of `key` at `seq`, or undefined (absent or deleted). May alias a cached block. */
  private lookup(key: Uint8Array, seq: number): Uint8Array | undefined {
    return lookupValue(key, seq, this.active, this.imms, this.manifest.current, this.tables);
  }

  /** An ordered iterator over a consistent snapshot. Close it when done (`for await` does). */
  iterator(options: IteratorOptions = {}): LsmIterator {
    this.checkReadable();
    if (typeof options !== 'object' || options === null) throw badRequest('iterator options must be an object');
    const bound = (v: KeyInput | undefined, name: string): Uint8Array | undefined =>
      v === undefined ? undefined : toBytes(v, `iterator option ${name}`);
    const range = { gt: bound(options.gt, 'gt'), gte: bound(options.gte, 'gte'), lt: bound(options.lt, 'lt'), lte: bound(options.lte, 'lte') };
    const limit = options.limit ?? -1;
    if (!Number.isSafeInteger(limit) || limit < -1) throw badRequest('iterator option limit must be an integer ≥ -1');
    const explicit = options.snapshot;
    const snapshot = explicit === undefined ? this.snapshots.take(this.lastSeq) : undefined;
    const seq = explicit === undefined ? snapshot!.seq : this.readSeq(options);
    const version = this.manifest.current;
    this.pinVersion(version);
    const children: InternalIterator[] = [this.active.mem.iterator(), ...this.imms.map((s) => s.mem.iterator())];
    for (const f of version.levels[0]!) children.push(new LevelIterator([f], this.tables));
    for (let level = 1; level < LEVELS; level++) {
      if (version.levels[level]!.length > 0) children.push(new LevelIterator(version.levels[level]!, this.tables));
    }
    const inner = new DbIterator(new MergingIterator(children), seq, range, options.reverse === true, limit, () => {
      snapshot?.release();
      this.unpinVersion(version);
    });
    const it = new LsmIterator(inner, (done) => this.iterators.delete(done));
    this.iterators.add(it);
    return it;
  }

  /** A consistent read point: reads through it see exactly the writes acknowledged before now. */
  snapshot(): Snapshot {
    this.checkReadable();
    return this.snapshots.take(this.lastSeq);
  }

  private readSeq(options: ReadOptions | undefined): number {
    const snap = options?.snapshot;
    if (snap === undefined) return this.lastSeq;
    if (snap.released) throw badRequest('snapshot was released');
    return snap.seq;
  }

  // ---- background work ----------------------------------------------------------------------

  /** Writes the memtable (and any queued ones) to SSTables and waits until they are recorded. */
  async flush(): Promise<void> {
    this.checkWritable();
    if (this.rotating !== undefined) await this.rotating;
    if (this.active.reservedBytes > 0) {
      this.rotating = this.rotate().finally(() => (this.rotating = undefined));
      await this.rotating;
    }
    while (this.imms.length > 0) {
      this.checkWritable();
      this.scheduleFlush();
      await this.flushing;
    }
  }

  /**
   * Flushes, then compacts every table overlapping [start, end] (all when omitted) down to the
   * deepest level holding data, dropping shadowed versions and purgeable tombstones. Tables at
   * the bottom that still hold tombstones move one level further down, so tombstones the
   * `canPurge` hook refused earlier are offered again: call this after the hook's condition
   * changes (the cluster does, once anti-entropy has run).
   */
  async compactRange(start?: KeyInput, end?: KeyInput): Promise<void> {
    const lo = start === undefined ? undefined : toBytes(start, 'compactRange start');
    const hi = end === undefined ? undefined : toBytes(end, 'compactRange end');
    await this.flush();
    while (this.compacting !== undefined) await this.compacting;
    const run = (async () => {
      for (let level = 0; level < LEVELS; level++) {
        this.checkWritable();
        const version = this.manifest.current;
        const inputs = level === 0 ? version.levels[0]! : version.overlapping(level, lo, hi);
        if (inputs.length === 0) continue;
        // The deepest level with data is rewritten only to drop tombstones (which may purge now).
        const deeper = version.levels.slice(level + 1).some((files) => files.length > 0);
        if (!deeper && level > 0) {
          if (inputs.some((f) => f.tombstoneCount > 0)) await this.compactOne(compactionFor(version, level, inputs, true));
          break;
        }
        await this.compactOne(compactionFor(version, level, inputs, true));
      }
    })();
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.compacting = settled;
    try {
      await run;
    } finally {
      if (this.compacting === settled) this.compacting = undefined;
      this.wakeWriters();
    }
    await Promise.all(this.removals);
    this.scheduleCompaction();
  }

  /** Resolves once no flush or compaction is running or due (for tests and benchmarks). */
  async waitForIdle(): Promise<void> {
    for (;;) {
      const busy = this.rotating ?? this.flushing ?? this.compacting ?? this.removals.values().next().value;
      if (busy === undefined) return;
      await busy.catch(() => undefined);
    }
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined) return;
    this.flushing = (async () => {
      try {
        while (this.imms.length > 0 && this.status_ === 'open' && this.bgError === undefined) await this.flushOldest();
      } catch (error) {
        this.fail(error);
      } finally {
        this.flushing = undefined;
        this.wakeWriters();
      }
    })();
  }

  private async flushOldest(): Promise<void> {
    const slot = this.imms[0]!;
    await slot.drained();
    slot.mem.seal();
    await slot.log.close();
    const files = await writeLevel0(this.build, slot);
    const nextLog = this.imms[1]?.logNumber ?? this.active.logNumber;
    await this.manifest.logAndApply({
      added: files.map((file) => ({ level: 0, file })),
      logNumber: nextLog,
      lastSeq: this.lastSeq,
    });
    for (const f of files) this.pendingOutputs.delete(f.number);
    this.imms.shift();
    await this.fs.remove(joinPath(this.dir, logFileName(slot.logNumber)));
    this.counters.flushes++;
    for (const f of files) this.counters.flushBytes += f.fileBytes;
    this.wakeWriters();
    this.scheduleCompaction();
  }

  private scheduleCompaction(): void {
    if (this.compacting !== undefined || this.status_ !== 'open') return;
    const picked = pickCompaction(this.manifest.current, this.o, this.manifest.state.compactPointers);
    if (picked === undefined) return;
    this.compacting = (async () => {
      try {
        let c: Compaction | undefined = picked;
        while (c !== undefined && this.status_ === 'open' && this.bgError === undefined) {
          await this.compactOne(c);
          c = pickCompaction(this.manifest.current, this.o, this.manifest.state.compactPointers);
        }
      } catch (error) {
        this.fail(error);
      } finally {
        this.compacting = undefined;
        this.wakeWriters();
      }
    })();
  }

  private async compactOne(c: Compaction): Promise<void> {
    const pointer: [number, Uint8Array] = [c.level, keyRange(c.inputs).largest];
    if (c.trivialMove) {
      const f = c.inputs[0]!;
      await this.manifest.logAndApply({
        removed: [[c.level, f.number]],
        added: [{ level: c.outputLevel, file: f }],
        compactPointers: [pointer],
      });
      this.counters.trivialMoves++;
      return;
    }
    const version = this.manifest.current;
    this.pinVersion(version);
    const reserved: number[] = [];
    try {
      const result = await buildCompaction(this.build, c, version, reserved);
      if (!result.completed) return;
      result.edit.compactPointers = [pointer];
      await this.manifest.logAndApply(result.edit);
      for (const [, n] of result.edit.removed ?? []) this.obsoleteTables.add(n);
      this.counters.addCompaction(result);
    } finally {
      for (const n of reserved) this.pendingOutputs.delete(n);
      this.unpinVersion(version);
    }
  }

  private pinVersion(v: Version): void {
    this.pinned.set(v, (this.pinned.get(v) ?? 0) + 1);
  }

  private unpinVersion(v: Version): void {
    const n = this.pinned.get(v)!;
    if (n > 1) this.pinned.set(v, n - 1);
    else this.pinned.delete(v);
    this.deleteObsoleteTables();
  }

  /** Deletes tables no live or pinned version lists any more. */
  private deleteObsoleteTables(): void {
    if (this.obsoleteTables.size === 0) return;
    const live = new Set(this.manifest.current.fileNumbers());
    for (const v of this.pinned.keys()) for (const n of v.fileNumbers()) live.add(n);
    for (const n of [...this.obsoleteTables]) {
      if (live.has(n) || this.pendingOutputs.has(n)) continue;
      this.obsoleteTables.delete(n);
      this.tables.evict(n);
      const removal = this.fs.remove(joinPath(this.dir, tableFileName(n))).catch((error: unknown) => this.fail(error));
      this.removals.add(removal);
      void removal.finally(() => this.removals.delete(removal));
    }
  }

  // ---- lifecycle, stats, checks --------------------------------------------------------------

  async close(): Promise<void> {
    if (this.status_ !== 'open') return;
    this.status_ = 'closing';
    for (const it of [...this.iterators]) it.close();
    this.wakeWriters();
    if (this.rotating !== undefined) await this.rotating.catch(() => undefined);
    this.threads?.compaction.stop();
    await Promise.all([this.flushing, this.compacting]);
    await this.threads?.compaction.close();
    await this.threads?.flush.close();
    await Promise.all(this.removals);
    await this.active.drained();
    for (const slot of [...this.imms, this.active]) await slot.log.close().catch(() => undefined);
    await this.manifest.close();
    this.tables.close();
    await this.releaseLock();
    this.status_ = 'closed';
  }

  stats(): LsmStats {
    return this.counters.snapshot({
      version: this.manifest.current,
      memtableBytes: this.active.mem.approximateBytes,
      immutableMemtables: this.imms.length,
      blockCache: this.blockCache,
      tablesOpen: this.tables.size,
      tableOpens: this.tables.openCount,
      snapshots: this.snapshots.size,
      throttledMs: this.limiter.throttledMs,
      lastSeq: this.lastSeq,
      backgroundThreads: this.threads !== undefined && this.threads.flush.usable && this.threads.compaction.usable,
    });
  }

  private fail(error: unknown): void {
    if (this.bgError === undefined) this.bgError = error;
    this.wakeWriters();
  }

  private guard(fn: () => Promise<void>): Promise<void> {
    try {
      return fn();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private checkReadable(): void {
    if (this.status_ !== 'open') throw new LsmError('NOT_OPEN', `store ${this.dir} is ${this.status_}`);
  }

  private checkWritable(): void {
    this.checkReadable();
    if (this.bgError !== undefined) {
      throw new LsmError('IO_ERROR', `store ${this.dir} stopped taking writes after a background failure`, { cause: this.bgError });
    }
  }

  private checkKey(key: unknown): Uint8Array {
    const k = toBytes(key, 'key');
    if (k.length > this.o.keyBytesMax) throw badRequest(`key is ${k.length} bytes; the limit is ${this.o.keyBytesMax}`);
    return k;
  }

  private checkValue(value: unknown): Uint8Array {
    const v = toBytes(value, 'value');
    if (v.length > this.o.valueBytesMax) throw badRequest(`value is ${v.length} bytes; the limit is ${this.o.valueBytesMax}`);
    return v;
  }
}

const EMPTY = new Uint8Array(0);
assert(EMPTY.length === 0, 'empty value');
