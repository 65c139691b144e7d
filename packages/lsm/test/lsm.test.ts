// The engine's API contract beyond the model test: bad input is a typed error with nothing
// written, the store lock, open options, the tombstone-purge hook, the compaction byte budget,
// write stalls with their metric, corruption reported with file and offset, and empty keys.

import { describe, expect, it } from 'vitest';
import { LsmError, MemoryFileSystem, openLsm } from '../src/index.js';
import type { LsmOptions, Scheduler } from '../src/index.js';

const text = new TextDecoder();
const str = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : text.decode(v));

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (error) {
    expect(error).toBeInstanceOf(LsmError);
    return (error as LsmError).code;
  }
  return undefined;
}

async function count(db: Awaited<ReturnType<typeof openLsm>>): Promise<number> {
  let n = 0;
  for await (const _ of db.iterator()) n++;
  return n;
}

describe('bad input', () => {
  it('is BAD_REQUEST and writes nothing', async () => {
    const db = await openLsm('/db', { fs: new MemoryFileSystem(), keyBytesMax: 16, valueBytesMax: 32 });
    expect(await codeOf(db.put(42 as unknown as string, 'v'))).toBe('BAD_REQUEST');
    expect(await codeOf(db.put('k', null as unknown as string))).toBe('BAD_REQUEST');
    expect(await codeOf(db.put('k'.repeat(17), 'v'))).toBe('BAD_REQUEST');
    expect(await codeOf(db.put('k', 'v'.repeat(33)))).toBe('BAD_REQUEST');
    // One bad operation rejects the whole batch: the good ones before it are not written either.
    expect(await codeOf(db.batch([{ type: 'put', key: 'a', value: 'v' }, { type: 'nope' } as never]))).toBe('BAD_REQUEST');
    expect(await codeOf(db.batch([{ type: 'put', key: 'a', value: 'v' }, { type: 'put', key: 'b', value: 'v'.repeat(99) }]))).toBe('BAD_REQUEST');
    expect(await codeOf(() => db.iterator({ limit: 1.5 }))).toBe('BAD_REQUEST');
    expect(await count(db)).toBe(0);
    await db.close();
    expect(await codeOf(db.get('a'))).toBe('NOT_OPEN');
    expect(await codeOf(db.put('a', 'v'))).toBe('NOT_OPEN');
  });

  it('rejects bad options before touching the disk', async () => {
    const fs = new MemoryFileSystem();
    for (const bad of [{ memtableBytesMax: 0 }, { syncPolicy: 'sometimes' }, { compression: 'zip' }, { compactionBytesPerSecond: -1 }]) {
      expect(await codeOf(openLsm('/db', { fs, ...(bad as LsmOptions) }))).toBe('BAD_REQUEST');
    }
    expect(await fs.exists('/db/CURRENT')).toBe(false);
  });
});

describe('open', () => {
  it('locks the store, honours createIfMissing and errorIfExists', async () => {
    const fs = new MemoryFileSystem();
    expect(await codeOf(openLsm('/db', { fs, createIfMissing: false }))).toBe('NOT_FOUND');
    const db = await openLsm('/db', { fs });
    expect(await codeOf(openLsm('/db', { fs }))).toBe('LOCKED');
    await db.put('k', 'v');
    await db.close();
    expect(await codeOf(openLsm('/db', { fs, errorIfExists: true }))).toBe('BAD_REQUEST');
    const again = await openLsm('/db', { fs, createIfMissing: false });
    expect(str(await again.get('k'))).toBe('v');
    await again.close();
  });

  it('stores the empty key and the empty value', async () => {
    const fs = new MemoryFileSystem();
    const db = await openLsm('/db', { fs });
    await db.put('', '');
    await db.put(new Uint8Array([0]), 'zero');
    await db.flush();
    expect(str(await db.get(''))).toBe('');
    await db.close();
    const again = await openLsm('/db', { fs });
    expect([...again.iterator()].map(([k, v]) => [k.length, str(v)])).toEqual([
      [0, ''],
      [1, 'zero'],
    ]);
    await again.close();
  });
});

describe('tombstone purge hook (canPurge)', () => {
  it('keeps a tombstone while the hook says no and drops it once it says yes', async () => {
    const fs = new MemoryFileSystem();
    let allow = false;
    const asked: { key: string; level: number }[] = [];
    const options: LsmOptions = {
      fs,
      canPurge: (key, meta) => {
        asked.push({ key: text.decode(key), level: meta.level });
        return allow;
      },
    };
    const db = await openLsm('/db', options);
    for (let i = 0; i < 100; i++) await db.put(`k${i}`, `v${i}`);
    await db.compactRange();
    for (let i = 0; i < 100; i += 2) await db.del(`k${i}`);
    await db.compactRange();
    expect(db.stats().tombstonesDropped).toBe(0);
    expect(asked.some((a) => a.key === 'k0')).toBe(true);
    expect(await count(db)).toBe(50);
    allow = true;
    await db.compactRange();
    expect(db.stats().tombstonesDropped).toBe(50);
    expect(await count(db)).toBe(50);
    const entries = db.stats().levels.reduce((sum, l) => sum + l.files, 0);
    expect(entries).toBe(1);
    await db.close();
  });
});

/** Virtual time: timers fire when the test advances the clock. */
function virtualScheduler(): Scheduler & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    nowMs: () => now,
    setTimer(fn, delayMs) {
      const t = { at: now + delayMs, fn };
      timers.push(t);
      return () => (timers = timers.filter((x) => x !== t));
    },
    yield: () => new Promise((resolve) => setImmediate(resolve)),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
    pending: () => timers.length,
  };
}

describe('compaction budget and write stalls', () => {
  it('throttles compaction to compactionBytesPerSecond and stalls writers (counted) when level 0 fills', async () => {
    const scheduler = virtualScheduler();
    const db = await openLsm('/db', {
      fs: new MemoryFileSystem(),
      scheduler,
      memtableBytesMax: 4096,
      level0CompactionTrigger: 2,
      level0StallTrigger: 3,
      compactionBytesPerSecond: 1024,
      compactionEntriesPerYield: 10,
    });
    const writes: Promise<void>[] = [];
    // Keys in scattered order, so level-0 tables overlap and compactions must merge (not just move).
    for (let i = 0; i < 400; i++) writes.push(db.put(`key-${String((i * 37) % 400).padStart(4, '0')}`, 'x'.repeat(64)));
    let settled = false;
    const all = Promise.all(writes).then(() => (settled = true));
    // Without time passing, the throttled compaction cannot finish, so writers stay stalled.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(scheduler.pending()).toBeGreaterThan(0);
    for (let i = 0; i < 10_000 && !settled; i++) {
      scheduler.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    const stats = db.stats();
    expect(stats.stalls).toBeGreaterThan(0);
    expect(stats.stallMs).toBeGreaterThan(0);
    expect(stats.compactionThrottledMs).toBeGreaterThan(0);
    expect(stats.compactions).toBeGreaterThan(0);
    expect(await count(db)).toBe(400);
    const closing = db.close();
    for (let i = 0; i < 1000; i++) {
      scheduler.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closing;
  });
});

describe('corruption', () => {
  it('reports a flipped bit in a table as CORRUPTION naming the file and offset, never a wrong value', async () => {
    const fs = new MemoryFileSystem();
    const db = await openLsm('/db', { fs, blockCacheBytes: 0 });
    for (let i = 0; i < 500; i++) await db.put(`key-${i}`, `value-${i}`);
    await db.flush();
    await db.close();
    const table = (await fs.list('/db')).find((n) => n.endsWith('.sst'))!;
    fs.flipBit(`/db/${table}`, 100, 3);
    const again = await openLsm('/db', { fs, blockCacheBytes: 0 });
    let corrupt = 0;
    for (let i = 0; i < 500; i++) {
      try {
        expect(str(await again.get(`key-${i}`))).toBe(`value-${i}`);
      } catch (error) {
        expect((error as LsmError).code).toBe('CORRUPTION');
        expect((error as Error).message).toMatch(new RegExp(`${table} @ \\d+`));
        corrupt++;
      }
    }
    expect(corrupt).toBeGreaterThan(0);
    await again.close();
  });
});

describe('recovery edge cases', () => {
  it('never reuses a file number found on disk (a new log must not take the name of one to replay)', async () => {
    const fs = new MemoryFileSystem();
    const db = await openLsm('/db', { fs, syncPolicy: 'always' });
    await db.close();
    // Logs rotated after the last manifest edit: numbers the manifest never recorded.
    for (const n of [4, 6, 9]) {
      const f = await fs.create(`/db/${String(n).padStart(6, '0')}.log`);
      await f.sync();
      await f.close();
    }
    await fs.syncDir('/db');
    const again = await openLsm('/db', { fs, syncPolicy: 'always' });
    await again.put('k', 'v');
    await again.close();
    const third = await openLsm('/db', { fs, syncPolicy: 'always' });
    expect(str(await third.get('k'))).toBe('v');
    await third.close();
  });

  it('refuses a batch larger than one log record with BAD_REQUEST, and keeps working', async () => {
    const db = await openLsm('/db', { fs: new MemoryFileSystem() });
    const big = new Uint8Array(16 * 1024 * 1024);
    const ops = Array.from({ length: 5 }, (_, i) => ({ type: 'put' as const, key: `k${i}`, value: big }));
    expect(await codeOf(db.batch(ops))).toBe('BAD_REQUEST');
    await db.put('small', 'ok');
    expect(str(await db.get('small'))).toBe('ok');
    expect(await db.get('k0')).toBeUndefined();
    await db.close();
  });
});

describe('background threads', () => {
  it('flushes and compacts on worker threads on the real file system, and reads back every key', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { NodeFileSystem } = await import('../src/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'kv-lsm-threads-'));
    try {
      const options: LsmOptions = { fs: new NodeFileSystem(), memtableBytesMax: 32 * 1024, level1BytesTarget: 128 * 1024, syncPolicy: 'never' };
      const db = await openLsm(dir, options);
      const key = (i: number) => String((i * 7919) % 20_000).padStart(8, '0');
      for (let i = 0; i < 20_000; i += 100) {
        await db.batch(Array.from({ length: 100 }, (_, j) => ({ type: 'put' as const, key: key(i + j), value: `v${key(i + j)}` })));
      }
      for (let i = 0; i < 20_000; i += 4) await db.del(String(i).padStart(8, '0'));
      await db.waitForIdle();
      const stats = db.stats();
      expect(stats.flushes).toBeGreaterThan(5);
      expect(stats.compactions).toBeGreaterThan(0);
      expect(stats.backgroundThreads).toBe(true);
      await db.close();
      const again = await openLsm(dir, options);
      let n = 0;
      for await (const [k, v] of again.iterator()) {
        expect(text.decode(v)).toBe(`v${text.decode(k)}`);
        expect(Number(text.decode(k)) % 4).not.toBe(0);
        n++;
      }
      expect(n).toBe(15_000);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fairness', () => {
  it('a tight loop of awaited writes still lets timers run', async () => {
    const db = await openLsm('/db', { fs: new MemoryFileSystem(), syncPolicy: 'never' });
    let fired = false;
    setTimeout(() => (fired = true), 5);
    const started = performance.now();
    let writes = 0;
    while (!fired && performance.now() - started < 2000) await db.put(`k${writes++ % 1000}`, 'v');
    expect(fired).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
    await db.close();
  });
});

describe('manifest damage', () => {
  it('a damaged edit followed by more edits is CORRUPTION, not a torn tail to skip', async () => {
    const fs = new MemoryFileSystem();
    const db = await openLsm('/db', { fs });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) await db.put(`k${round}-${i}`, 'v');
      await db.flush(); // one manifest edit per flush
    }
    await db.close();
    const manifest = (await fs.list('/db')).find((n) => n.startsWith('MANIFEST-'))!;
    // The first record is the snapshot edit; damage its payload (its length stays readable).
    fs.flipBit(`/db/${manifest}`, 20, 0);
    const error = await openLsm('/db', { fs }).then(
      () => undefined,
      (e: unknown) => e as LsmError,
    );
    expect(error?.code).toBe('CORRUPTION');
    expect(error?.message).toContain(manifest);
  });
});
