// NodeFileSystem and nodeScheduler: the real-disk seams, exercised in a temporary directory —
// appends, positional reads, truncation, renames, the LOCK file (within and across processes), and errno failures
// surfacing as LsmError IO_ERROR with the system error as cause.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LsmError } from '../src/errors.js';
import { NodeFileSystem } from '../src/runtime/node-file-system.js';
import { nodeScheduler } from '../src/runtime/node-scheduler.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

let root: string;
const fs = new NodeFileSystem();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kv-lsm-nodefs-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('NodeFileSystem', () => {
  it('creates, appends, syncs, reads back and reopens for append', async () => {
    const dir = join(root, 'db', 'nested');
    await fs.mkdir(dir);
    const path = join(dir, 'f');
    const file = await fs.create(path);
    file.append(bytes('hello '));
    file.append(bytes('world'));
    expect(file.size).toBe(11);
    await file.sync();
    await fs.syncDir(dir);
    await file.close();
    expect(text(await fs.readFile(path))).toBe('hello world');

    const again = await fs.openAppend(path);
    expect(again.size).toBe(11);
    again.append(bytes('!'));
    await again.close();
    await expect(Promise.resolve().then(() => again.append(bytes('x')))).rejects.toMatchObject({ code: 'IO_ERROR' });

    const reader = await fs.openRead(path);
    expect(reader.size).toBe(12);
    expect(text(reader.read(6, 5))).toBe('world');
    expect(text(reader.read(10, 100))).toBe('d!');
    expect(reader.read(12, 4).length).toBe(0);
    reader.close();
  });

  it('create truncates an existing file', async () => {
    const path = join(root, 'f');
    await (await fs.create(path)).close();
    const file = await fs.create(path);
    file.append(bytes('abc'));
    await file.close();
    const again = await fs.create(path);
    expect(again.size).toBe(0);
    await again.close();
    expect((await fs.readFile(path)).length).toBe(0);
  });

  it('truncates, renames, removes, lists and tests existence', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    const file = await fs.create(a);
    file.append(bytes('abcdef'));
    await file.close();
    await fs.truncate(a, 2);
    expect(text(await fs.readFile(a))).toBe('ab');
    await fs.rename(a, b);
    expect(await fs.exists(a)).toBe(false);
    expect(await fs.exists(b)).toBe(true);
    expect(await fs.list(root)).toEqual(['b']);
    await fs.remove(b);
    expect(await fs.list(root)).toEqual([]);
  });

  it('reports missing files as IO_ERROR with the errno as cause', async () => {
    const missing = join(root, 'missing');
    const attempts = [async () => fs.openRead(missing), () => fs.readFile(missing), () => fs.openAppend(missing), () => fs.remove(missing)];
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LsmError);
      expect(error).toMatchObject({ code: 'IO_ERROR', retryable: true });
      expect((error as LsmError).message).toContain(missing);
      expect((error as LsmError).message).toContain('ENOENT');
      expect(((error as LsmError).cause as { code?: string }).code).toBe('ENOENT');
    }
    expect(await fs.exists(missing)).toBe(false);
  });

  it('locks a path once per process and writes the pid into the LOCK file', async () => {
    const lockPath = join(root, 'LOCK');
    const release = await fs.lock(lockPath);
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    // Another NodeFileSystem in the same process sees the lock too (the set is process-wide).
    await expect(new NodeFileSystem().lock(lockPath)).rejects.toMatchObject({ code: 'LOCKED' });
    await release();
    await release();
    const again = await fs.lock(join(root, '.', 'LOCK'));
    await again();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('refuses a lock held by another live process, and takes over one left by a dead process', async () => {
    const lockPath = join(root, 'LOCK');
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockPath, `${holder.pid}\n`);
      await expect(fs.lock(lockPath)).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining(String(holder.pid)) });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // The holder died without releasing (kill -9): its LOCK is stale.
    const release = await fs.lock(lockPath);
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    await release();
  });
});

describe('nodeScheduler', () => {
  it('fires timers, cancels them, yields, and reads a monotonic clock', async () => {
    const start = nodeScheduler.nowMs();
    const fired: string[] = [];
    const cancel = nodeScheduler.setTimer(() => fired.push('cancelled'), 1);
    cancel();
    await new Promise<void>((resolve) => nodeScheduler.setTimer(() => resolve(), 5));
    await nodeScheduler.yield();
    expect(fired).toEqual([]);
    expect(nodeScheduler.nowMs()).toBeGreaterThanOrEqual(start + 4);
  });
});
