// CommitLog: group commit (many concurrent appends share one write and one fdatasync), the
// three sync policies, recovery that cuts a torn tail, and failure handling — a failed write or
// sync rejects its whole group and every later append. Durability is checked the way it matters:
// crash the MemoryFileSystem and recover what survived.
import { describe, expect, it } from 'vitest';
import { CommitLog } from '../src/commit-log.js';
import type { SyncPolicy } from '../src/commit-log.js';
import type { FileSystem, Scheduler, WritableFile } from '../src/file-system.js';
import { encodeRecord, RECORD_VERSION_EDIT, RECORD_WRITE_BATCH } from '../src/log-record.js';
import { MemoryFileSystem, SimulatedCrashError } from '../src/memory-file-system.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A virtual-time scheduler: timers fire only when the test says so. */
class FakeScheduler implements Scheduler {
  timers: { fn: () => void; delayMs: number; cancelled: boolean }[] = [];
  nowMs(): number {
    return 0;
  }
  setTimer(fn: () => void, delayMs: number): () => void {
    const timer = { fn, delayMs, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
  async yield(): Promise<void> {}
  get live() {
    return this.timers.filter((t) => !t.cancelled);
  }
  fireAll(): void {
    const due = this.live;
    this.timers = [];
    for (const t of due) t.fn();
  }
}

async function openLog(syncPolicy: SyncPolicy, fs = new MemoryFileSystem()) {
  await fs.mkdir('/db');
  const scheduler = new FakeScheduler();
  const log = await CommitLog.create(fs, '/db/000001.log', { syncPolicy, scheduler });
  return { fs, scheduler, log };
}

async function recoveredPayloads(fs: MemoryFileSystem, tornTail: 'drop' | 'keep-prefix' = 'drop') {
  const after = fs.crash({ tornTail });
  const recovered = await CommitLog.recover(after, '/db/000001.log');
  return recovered.records.map((r) => text(r.payload));
}

describe('CommitLog group commit', () => {
  it("shares one write and one fdatasync among concurrent appends under 'always'", async () => {
    const { fs, log } = await openLog('always');
    const acks = Array.from({ length: 1000 }, (_, i) => log.append(RECORD_WRITE_BATCH, utf8(`r${i}`)));
    expect(new Set(acks).size).toBe(1); // one promise per group
    expect(log.queuedBytes).toBeGreaterThan(0);
    await Promise.all(acks);
    expect(log.stats).toEqual({ records: 1000, groups: 1, syncs: 1 });
    expect(log.queuedBytes).toBe(0);
    expect(await recoveredPayloads(fs)).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`));
  });

  it('queues appends made during a sync into the next group', async () => {
    const { fs, log } = await openLog('always');
    // 100 writers, each awaiting its previous append: 1000 appends in far fewer groups.
    const writer = async (w: number) => {
      for (let i = 0; i < 10; i++) await log.append(RECORD_WRITE_BATCH, utf8(`${w}.${i}`));
    };
    await Promise.all(Array.from({ length: 100 }, (_, w) => writer(w)));
    const { records, groups, syncs } = log.stats;
    expect(records).toBe(1000);
    expect(syncs).toBe(groups);
    expect(syncs).toBeLessThanOrEqual(20);
    const recovered = await recoveredPayloads(fs);
    expect(recovered.length).toBe(1000);
    for (let w = 0; w < 100; w++) {
      expect(recovered.filter((p) => p.startsWith(`${w}.`))).toEqual(Array.from({ length: 10 }, (_, i) => `${w}.${i}`));
    }
  });

  it('makes every acknowledged record durable at every crash point', async () => {
    const workload = async (fs: MemoryFileSystem, acked: string[]) => {
      const { log } = await openLog('always', fs);
      for (let round = 0; round < 4; round++) {
        const batch = [0, 1, 2].map((i) => `${round}.${i}`);
        await Promise.all(batch.map((p) => log.append(RECORD_WRITE_BATCH, utf8(p))));
        acked.push(...batch);
      }
      await log.close();
    };
    const probe = new MemoryFileSystem();
    await workload(probe, []);
    for (let n = 0; n <= probe.opsCount; n++) {
      const fs = new MemoryFileSystem();
      fs.crashAfterOps(n);
      const acked: string[] = [];
      await workload(fs, acked).catch((error: unknown) => expect(error).toBeInstanceOf(SimulatedCrashError));
      const after = fs.crash({ tornTail: 'keep-prefix' });
      if (!(await after.exists('/db/000001.log'))) {
        expect(acked).toEqual([]);
        continue;
      }
      const recovered = (await CommitLog.recover(after, '/db/000001.log')).records.map((r) => text(r.payload));
      expect(recovered.slice(0, acked.length)).toEqual(acked);
    }
  });
});

describe('CommitLog sync policies', () => {
  it("acknowledges after the write alone under 'never'", async () => {
    const { fs, log, scheduler } = await openLog('never');
    await log.append(RECORD_WRITE_BATCH, utf8('a'));
    await log.append(RECORD_VERSION_EDIT, utf8('b'));
    expect(log.stats).toEqual({ records: 2, groups: 2, syncs: 0 });
    expect(log.size).toBe(2 * encodeRecord(RECORD_WRITE_BATCH, utf8('a')).length);
    expect(fs.fileSize('/db/000001.log')).toBe(log.size);
    expect(scheduler.timers).toEqual([]);
    await log.close();
    expect(log.stats.syncs).toBe(0);
    expect(await recoveredPayloads(fs)).toEqual([]); // nothing was synced
  });

  it('syncs within intervalMs through the injected scheduler', async () => {
    const { fs, log, scheduler } = await openLog({ intervalMs: 50 });
    await log.append(RECORD_WRITE_BATCH, utf8('a'));
    await log.append(RECORD_WRITE_BATCH, utf8('b'));
    expect(log.stats.syncs).toBe(0);
    expect(scheduler.live.map((t) => t.delayMs)).toEqual([50]); // one timer for both writes
    scheduler.fireAll();
    await log.drain();
    await Promise.resolve();
    expect(log.stats.syncs).toBe(1);
    await log.append(RECORD_WRITE_BATCH, utf8('c'));
    expect(scheduler.live.length).toBe(1);
    await log.close(); // final sync, timer cancelled
    expect(scheduler.live.length).toBe(0);
    expect(log.stats.syncs).toBe(2);
    expect(await recoveredPayloads(fs)).toEqual(['a', 'b', 'c']);
  });

  it('syncs only what the timer saw before a crash', async () => {
    const { fs, log, scheduler } = await openLog({ intervalMs: 10 });
    await log.append(RECORD_WRITE_BATCH, utf8('a'));
    scheduler.fireAll();
    await new Promise((resolve) => setImmediate(resolve));
    await log.append(RECORD_WRITE_BATCH, utf8('b'));
    expect(await recoveredPayloads(fs)).toEqual(['a']);
  });

  it('drain waits for queued records; append after close is NOT_OPEN', async () => {
    const { log } = await openLog('always');
    void log.append(RECORD_WRITE_BATCH, utf8('a'));
    await log.drain();
    expect(log.stats).toEqual({ records: 1, groups: 1, syncs: 1 });
    await log.drain();
    await log.close();
    await log.close();
    await expect(log.append(RECORD_WRITE_BATCH, utf8('b'))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('rejects a bad interval', async () => {
    await expect(openLog({ intervalMs: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('CommitLog recovery', () => {
  it('cuts a torn tail, counts it, and appends after the last intact record', async () => {
    const { fs, log } = await openLog('always');
    await Promise.all(['a', 'b', 'c'].map((p) => log.append(RECORD_WRITE_BATCH, utf8(p))));
    const validBytes = log.size;
    await log.close();
    const file = await fs.openAppend('/db/000001.log');
    file.append(encodeRecord(RECORD_WRITE_BATCH, utf8('torn')).subarray(0, 7));
    await file.sync();

    const recovered = await CommitLog.recover(fs, '/db/000001.log');
    expect(recovered.records.map((r) => text(r.payload))).toEqual(['a', 'b', 'c']);
    expect(recovered).toMatchObject({ validBytes, tornBytes: 7 });
    expect(fs.fileSize('/db/000001.log')).toBe(validBytes);
    // The truncation was synced: it survives a crash.
    const after = fs.crash();
    expect(after.fileSize('/db/000001.log')).toBe(validBytes);

    const reopened = await CommitLog.open(after, '/db/000001.log', { syncPolicy: 'always', scheduler: new FakeScheduler() });
    expect(reopened.size).toBe(validBytes);
    await reopened.append(RECORD_WRITE_BATCH, utf8('d'));
    await reopened.close();
    const again = await CommitLog.recover(after, '/db/000001.log');
    expect(again.tornBytes).toBe(0);
    expect(again.records.map((r) => text(r.payload))).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('CommitLog failures', () => {
  it('rejects the whole group when its sync fails, and every later append', async () => {
    const boom = new Error('EIO: sync failed');
    const fs = new MemoryFileSystem();
    const failing = withFailingSync(fs, boom);
    await fs.mkdir('/db');
    const log = await CommitLog.create(failing, '/db/000001.log', { syncPolicy: 'always', scheduler: new FakeScheduler() });
    const first = log.append(RECORD_WRITE_BATCH, utf8('a'));
    const second = log.append(RECORD_WRITE_BATCH, utf8('b'));
    await expect(first).rejects.toBe(boom);
    await expect(second).rejects.toBe(boom);
    await expect(log.append(RECORD_WRITE_BATCH, utf8('c'))).rejects.toBe(boom);
    await expect(log.drain()).rejects.toBe(boom);
    await expect(log.close()).rejects.toBe(boom);
  });

  it('rejects appends queued behind a failing sync', async () => {
    const boom = new Error('EIO');
    const fs = new MemoryFileSystem();
    await fs.mkdir('/db');
    const log = await CommitLog.create(withFailingSync(fs, boom), '/db/000001.log', {
      syncPolicy: 'always',
      scheduler: new FakeScheduler(),
    });
    const first = log.append(RECORD_WRITE_BATCH, utf8('a'));
    await Promise.resolve(); // the first group is written and its sync is in flight
    const queued = log.append(RECORD_WRITE_BATCH, utf8('b'));
    await expect(first).rejects.toBe(boom);
    await expect(queued).rejects.toBe(boom);
    expect(log.stats.groups).toBe(1);
  });

  it('rejects the group when the write itself fails', async () => {
    const { fs, log } = await openLog('never');
    fs.crashAfterOps(0);
    await expect(log.append(RECORD_WRITE_BATCH, utf8('a'))).rejects.toBeInstanceOf(SimulatedCrashError);
    await expect(log.append(RECORD_WRITE_BATCH, utf8('b'))).rejects.toBeInstanceOf(SimulatedCrashError);
  });
});

/** A FileSystem whose files' sync always rejects with `error`. */
function withFailingSync(fs: FileSystem, error: Error): FileSystem {
  const wrap = (file: WritableFile): WritableFile => ({
    get size() {
      return file.size;
    },
    append: (bytes) => file.append(bytes),
    sync: () => Promise.reject(error),
    close: () => file.close(),
  });
  return {
    ...bindAll(fs),
    create: async (path) => wrap(await fs.create(path)),
    openAppend: async (path) => wrap(await fs.openAppend(path)),
  };
}

function bindAll(fs: FileSystem): FileSystem {
  return {
    mkdir: (d) => fs.mkdir(d),
    list: (d) => fs.list(d),
    exists: (p) => fs.exists(p),
    create: (p) => fs.create(p),
    openAppend: (p) => fs.openAppend(p),
    openRead: (p) => fs.openRead(p),
    readFile: (p) => fs.readFile(p),
    truncate: (p, s) => fs.truncate(p, s),
    rename: (a, b) => fs.rename(a, b),
    remove: (p) => fs.remove(p),
    syncDir: (d) => fs.syncDir(d),
    lock: (p) => fs.lock(p),
  };
}
