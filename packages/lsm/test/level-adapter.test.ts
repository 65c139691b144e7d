// Tests of the abstract-level adapter's own choices, which abstract-level's compliance suite
// (level-compliance.ts) does not pin down: the empty key and 0x00-led keys, stored as is,
// LsmError → LEVEL_* codes, engine options reaching openLsm, clear() across several batches,
// and explicit snapshots read synchronously. Runs on MemoryFileSystem.

import { describe, expect, it } from 'vitest';
import { LsmLevel } from '../src/level/index.js';
import { MemoryFileSystem, openLsm } from '../src/index.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function open(fs = new MemoryFileSystem(), location = '/db'): LsmLevel<Uint8Array, string> {
  return new LsmLevel<Uint8Array, string>(location, { fs, keyEncoding: 'view', valueEncoding: 'utf8' });
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string; cause?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('LsmLevel keys', () => {
  const keys = [[], [0], [0, 0], [0, 1], [1], [0xff]].map((k) => Uint8Array.from(k));

  it('stores the empty key and 0x00-led keys, in unsigned byte order', async () => {
    const db = open();
    await db.batch([...keys].reverse().map((key, i) => ({ type: 'put' as const, key, value: `v${i}` })));
    const read = await db.keys().all();
    expect(read.map(hex)).toEqual(keys.map(hex));
    for (const key of keys) expect(await db.get(key)).toBeDefined();
    expect((await db.keys({ lte: new Uint8Array(0) }).all()).map(hex)).toEqual(['']);
    expect((await db.keys({ gt: new Uint8Array(0), lt: Uint8Array.of(1) }).all()).map(hex)).toEqual(['00', '0000', '0001']);
    await db.close();
  });

  it('stores keys as is: the raw engine sees the same bytes', async () => {
    const fs = new MemoryFileSystem();
    const db = open(fs);
    for (const key of keys) await db.put(key, 'x');
    await db.close();

    const lsm = await openLsm('/db', { fs });
    const raw: string[] = [];
    const it = lsm.iterator();
    for (let e = it.nextSync(); e !== undefined; e = it.nextSync()) raw.push(hex(e[0]));
    it.close();
    await lsm.close();
    expect(raw).toEqual(['', '00', '0000', '0001', '01', 'ff']);
  });

  it('seeks to an empty target (forward and reverse)', async () => {
    const db = open();
    for (const key of keys) await db.put(key, hex(key));
    const forward = db.keys();
    forward.seek(new Uint8Array(0));
    expect(hex((await forward.next())!)).toBe('');
    await forward.close();
    const reverse = db.keys({ reverse: true });
    reverse.seek(Uint8Array.of(0, 0, 5));
    expect(hex((await reverse.next())!)).toBe('0000');
    await reverse.close();
    await db.close();
  });

  it('rejects a key longer than keyBytesMax with LEVEL_INVALID_KEY', async () => {
    const db = open();
    await db.open();
    expect((await errorOf(db.put(new Uint8Array(0x10000).fill(1), 'x'))).code).toBe('LEVEL_INVALID_KEY');
    await db.put(new Uint8Array(0xffff).fill(1), 'fits');
    await db.close();
  });
});

describe('LsmLevel open and errors', () => {
  it('forwards engine options (fs) and keeps data across close and reopen', async () => {
    const fs = new MemoryFileSystem();
    const db = new LsmLevel<string, { n: number }>('/data/store', { fs, valueEncoding: 'json' });
    await db.put('k', { n: 1 });
    await db.close();
    await db.open();
    expect(await db.get('k')).toEqual({ n: 1 });
    await db.close();
    const other = new LsmLevel('/data/store', { fs: new MemoryFileSystem(), createIfMissing: false });
    expect((await errorOf(other.open())).code).toBe('LEVEL_DATABASE_NOT_OPEN');
  });

  it('reports a second open of the same store as LEVEL_LOCKED (the cause of LEVEL_DATABASE_NOT_OPEN)', async () => {
    const fs = new MemoryFileSystem();
    const first = open(fs);
    await first.open();
    const err = await errorOf(open(fs).open());
    expect(err.code).toBe('LEVEL_DATABASE_NOT_OPEN');
    expect((err.cause as { code?: string }).code).toBe('LEVEL_LOCKED');
    await first.close();
  });

  it('rejects a non-string or empty location', () => {
    expect(() => new LsmLevel('')).toThrow(TypeError);
  });
});

describe('LsmLevel reads', () => {
  it('clear() with reverse and limit spans several engine batches', async () => {
    const db = new LsmLevel('/db', { fs: new MemoryFileSystem() });
    const key = (i: number): string => String(i).padStart(5, '0');
    await db.batch(Array.from({ length: 2500 }, (_, i) => ({ type: 'put' as const, key: key(i), value: 'v' })));
    await db.clear({ reverse: true, limit: 2100, gte: key(100) });
    const left = await db.keys().all();
    expect(left.length).toBe(400);
    expect(left.at(-1)).toBe(key(399));
    await db.close();
  });

  it('getSync and has read explicit snapshots', async () => {
    const db = new LsmLevel('/db', { fs: new MemoryFileSystem() });
    await db.open();
    await db.put('a', '1');
    const snapshot = db.snapshot();
    await db.put('a', '2');
    await db.put('b', '3');
    expect(db.getSync('a')).toBe('2');
    expect(db.getSync('a', { snapshot })).toBe('1');
    expect(await db.has('b', { snapshot })).toBe(false);
    expect(await db.hasMany(['a', 'b', 'c'])).toEqual([true, true, false]);
    await snapshot.close();
    await db.close();
  });

  it('returns Buffers for buffer encoding and plain Uint8Arrays for view', async () => {
    const db = new LsmLevel('/db', { fs: new MemoryFileSystem() });
    await db.put('k', 'v');
    const asBuffer = await db.get('k', { valueEncoding: 'buffer' });
    const asView = await db.get('k', { valueEncoding: 'view' });
    expect(Buffer.isBuffer(asBuffer)).toBe(true);
    expect(asView).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(asView)).toBe(false);
    await db.close();
  });
});
