// MemoryFileSystem: the power-loss model of leveldb's fault_injection_test.cc — unsynced bytes
// and unsynced directory entries vanish in a crash, torn tails keep a prefix, and crashAfterOps
// kills the instance at exactly the chosen boundary operation.
import { describe, expect, it } from 'vitest';
import { LsmError } from '../src/errors.js';
import { MemoryFileSystem, SimulatedCrashError } from '../src/memory-file-system.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A fresh file system with /db made durable. */
async function freshDb(): Promise<MemoryFileSystem> {
  const fs = new MemoryFileSystem();
  await fs.mkdir('/db');
  return fs;
}

async function contentOf(fs: MemoryFileSystem, path: string): Promise<string | undefined> {
  return (await fs.exists(path)) ? text(await fs.readFile(path)) : undefined;
}

describe('MemoryFileSystem power loss', () => {
  it('drops bytes appended after the last sync', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/log');
    await fs.syncDir('/db');
    file.append(bytes('abc'));
    await file.sync();
    file.append(bytes('def'));
    expect(await contentOf(fs, '/db/log')).toBe('abcdef');
    const after = fs.crash();
    expect(await contentOf(after, '/db/log')).toBe('abc');
  });

  it('loses a created file whose directory was not synced, even if the file was', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/000001.sst');
    file.append(bytes('table'));
    await file.sync();
    const after = fs.crash();
    expect(await after.exists('/db/000001.sst')).toBe(false);
    expect(await after.list('/db')).toEqual([]);
  });

  it('makes a rename durable only at syncDir', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/CURRENT.tmp');
    file.append(bytes('MANIFEST-1'));
    await file.sync();
    await fs.syncDir('/db');
    await fs.rename('/db/CURRENT.tmp', '/db/CURRENT');
    const lost = fs.crash();
    expect(await lost.list('/db')).toEqual(['CURRENT.tmp']);

    await lost.rename('/db/CURRENT.tmp', '/db/CURRENT');
    await lost.syncDir('/db');
    const kept = lost.crash();
    expect(await kept.list('/db')).toEqual(['CURRENT']);
    expect(await contentOf(kept, '/db/CURRENT')).toBe('MANIFEST-1');
  });

  it('makes a remove durable only at syncDir', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/old');
    await file.sync();
    await fs.syncDir('/db');
    await fs.remove('/db/old');
    expect(await fs.exists('/db/old')).toBe(false);
    expect(await fs.crash().exists('/db/old')).toBe(true);
  });

  it('keeps the durable bytes of a removed file open for reading (an unlinked inode)', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/t');
    file.append(bytes('hello'));
    const reader = await fs.openRead('/db/t');
    await fs.remove('/db/t');
    expect(text(reader.read(0, 100))).toBe('hello');
  });

  it("keeps a prefix of the unsynced bytes with tornTail 'keep-prefix'", async () => {
    for (const [r, kept] of [
      [0, 'synced'],
      [0.5, 'synced-unsy'],
      [0.999, 'synced-unsynced'],
    ] as const) {
      const fs = await freshDb();
      const file = await fs.create('/db/log');
      await fs.syncDir('/db');
      file.append(bytes('synced'));
      await file.sync();
      file.append(bytes('-unsynced'));
      const after = fs.crash({ tornTail: 'keep-prefix', random: () => r });
      expect(await contentOf(after, '/db/log')).toBe(kept);
    }
  });

  it('keeps no torn prefix after a truncate that was not synced', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/log');
    await fs.syncDir('/db');
    file.append(bytes('abcdef'));
    await file.sync();
    await fs.truncate('/db/log', 2);
    file.append(bytes('XYZ'));
    expect(await contentOf(fs, '/db/log')).toBe('abXYZ');
    expect(await contentOf(fs.crash({ tornTail: 'keep-prefix', random: () => 0.99 }), '/db/log')).toBe('abcdef');
  });

  it('crashAfterOps(n) lets exactly n boundary ops take effect', async () => {
    const fs = new MemoryFileSystem();
    fs.crashAfterOps(4);
    await fs.mkdir('/db'); // 1
    const file = await fs.create('/db/log'); // 2
    await fs.syncDir('/db'); // 3
    file.append(bytes('a')); // 4
    expect(fs.opsCount).toBe(4);
    await expect(file.sync()).rejects.toBeInstanceOf(SimulatedCrashError);
    expect(fs.opsCount).toBe(4);
    // The process is dead: every later call throws, including plain reads.
    expect(() => file.append(bytes('b'))).toThrow(SimulatedCrashError);
    await expect(fs.readFile('/db/log')).rejects.toBeInstanceOf(SimulatedCrashError);
    await expect(fs.list('/db')).rejects.toBeInstanceOf(SimulatedCrashError);
    const after = fs.crash();
    expect(await contentOf(after, '/db/log')).toBe('');
  });

  it('crashAfterOps counts from the moment it is called', async () => {
    const fs = await freshDb();
    fs.crashAfterOps(1);
    await fs.create('/db/a');
    await expect(fs.create('/db/b')).rejects.toBeInstanceOf(SimulatedCrashError);
    expect(fs.opsCount).toBe(2);
  });

  it('every crash point of a small workload leaves a consistent durable state', async () => {
    const workload = async (fs: MemoryFileSystem) => {
      await fs.mkdir('/db');
      const file = await fs.create('/db/x.tmp');
      file.append(bytes('v1'));
      await file.sync();
      await fs.rename('/db/x.tmp', '/db/x');
      await fs.syncDir('/db');
    };
    const probe = new MemoryFileSystem();
    await workload(probe);
    expect(probe.opsCount).toBe(6);
    const outcomes: string[] = [];
    for (let n = 0; n <= probe.opsCount; n++) {
      const fs = new MemoryFileSystem();
      fs.crashAfterOps(n);
      await workload(fs).catch((error: unknown) => expect(error).toBeInstanceOf(SimulatedCrashError));
      const after = fs.crash();
      outcomes.push((await after.exists('/db')) ? (await after.list('/db')).join(',') || '-' : 'no-db');
    }
    expect(outcomes).toEqual(['no-db', '-', '-', '-', '-', '-', 'x']);
  });

  it('is dead after crash()', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/a');
    fs.crash();
    expect(() => file.append(bytes('x'))).toThrow(SimulatedCrashError);
    await expect(fs.exists('/db/a')).rejects.toBeInstanceOf(SimulatedCrashError);
    expect(() => fs.crash()).toThrow(SimulatedCrashError);
  });
});

describe('MemoryFileSystem files', () => {
  it('never changes bytes it handed out', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/f');
    file.append(bytes('0123456789'));
    const reader = await fs.openRead('/db/f');
    const view = reader.read(2, 5);
    const whole = await fs.readFile('/db/f');
    for (let i = 0; i < 100; i++) file.append(new Uint8Array(1000).fill(0x41)); // grows the buffer
    await fs.truncate('/db/f', 3);
    file.append(bytes('zzzzzzzz')); // writes where the old views were
    expect(text(view)).toBe('23456');
    expect(text(whole)).toBe('0123456789');
    expect(text(reader.read(0, 100))).toBe('012zzzzzzzz');
  });

  it('reads short at the end of the file', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/f');
    file.append(bytes('abc'));
    const reader = await fs.openRead('/db/f');
    expect(reader.size).toBe(3);
    expect(text(reader.read(1, 10))).toBe('bc');
    expect(reader.read(5, 10).length).toBe(0);
  });

  it('create truncates an existing file; openAppend appends at its end', async () => {
    const fs = await freshDb();
    (await fs.create('/db/f')).append(bytes('old'));
    const again = await fs.openAppend('/db/f');
    expect(again.size).toBe(3);
    again.append(bytes('+more'));
    expect(await contentOf(fs, '/db/f')).toBe('old+more');
    const fresh = await fs.create('/db/f');
    expect(fresh.size).toBe(0);
    expect(fs.fileSize('/db/f')).toBe(0);
  });

  it('flipBit corrupts current and durable bytes', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/f');
    await fs.syncDir('/db');
    file.append(bytes('A'));
    await file.sync();
    const before = await fs.readFile('/db/f');
    fs.flipBit('/db/f', 0, 0);
    expect(text(await fs.readFile('/db/f'))).toBe('@');
    expect(text(before)).toBe('A');
    expect(await contentOf(fs.crash(), '/db/f')).toBe('@');
  });

  it('lists files and subdirectories, reports sizes, and fails on missing paths with IO_ERROR', async () => {
    const fs = new MemoryFileSystem();
    await fs.mkdir('/a/b/c');
    (await fs.create('/a/b/f')).append(new Uint8Array(7));
    (await fs.create('/a/g')).append(new Uint8Array(5));
    expect(await fs.list('/a')).toEqual(['b', 'g']);
    expect(await fs.list('/a/b/')).toEqual(['c', 'f']);
    expect(await fs.exists('/a/b/c')).toBe(true);
    expect(fs.totalBytes()).toBe(12);
    const code = (error: unknown) => (error instanceof LsmError ? error.code : error);
    await expect(Promise.resolve().then(() => fs.openRead('/a/missing')).catch(code)).resolves.toBe('IO_ERROR');
    await expect(fs.create('/nope/f').catch(code)).resolves.toBe('IO_ERROR');
    await expect(fs.rename('/a/missing', '/a/x').catch(code)).resolves.toBe('IO_ERROR');
    await expect(fs.remove('/a/missing').catch(code)).resolves.toBe('IO_ERROR');
    await expect(fs.list('/zzz').catch(code)).resolves.toBe('IO_ERROR');
  });

  it('lock is exclusive per instance until released', async () => {
    const fs = await freshDb();
    const release = await fs.lock('/db/LOCK');
    await expect(fs.lock('/db/LOCK')).rejects.toMatchObject({ code: 'LOCKED' });
    await release();
    const again = await fs.lock('/db/LOCK');
    await again();
    expect(await fs.exists('/db/LOCK')).toBe(true);
  });

  it('appends tens of MB in small pieces in amortized linear time', async () => {
    const fs = await freshDb();
    const file = await fs.create('/db/big');
    const chunk = new Uint8Array(100).fill(7);
    for (let i = 0; i < 300_000; i++) file.append(chunk);
    expect(fs.fileSize('/db/big')).toBe(30_000_000);
  });
});
