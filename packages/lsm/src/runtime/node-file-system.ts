// NodeFileSystem: the FileSystem seam (file-system.ts) over real files with node:fs — the only
// place in @kv/lsm that touches the disk. Appends and reads are synchronous syscalls (writeSync /
// readSync: a page-cache hit costs microseconds, less than an await); fdatasync, fsync of a
// directory and metadata operations go through the thread pool. Every errno failure becomes an
// LsmError IO_ERROR naming the operation and the path, with the system error as its cause.

import fs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { promisify } from 'node:util';
import { LsmError } from '../errors.js';
import { acquireProcessLock, releaseProcessLock } from './process-lock.js';
import type { FileSystem, ReadableFile, WritableFile } from '../file-system.js';

const fdatasync = promisify(fs.fdatasync);
const fsync = promisify(fs.fsync);
const closeFd = promisify(fs.close);
/** O_APPEND without O_CREAT: openAppend of a missing file is an error, not a new empty log. */
const APPEND_EXISTING = fs.constants.O_WRONLY | fs.constants.O_APPEND;

/**
 * Absolute paths locked by any NodeFileSystem in this process. Node has no flock(2), so locking
 * is only exclusive within one process; across processes the LOCK file merely records the pid
 * of the last holder, for an operator to read.
 */
const lockedPaths = new Set<string>();

export class NodeFileSystem implements FileSystem {
  async mkdir(dir: string): Promise<void> {
    await io(`mkdir ${dir}`, () => fs.promises.mkdir(dir, { recursive: true }));
  }

  async list(dir: string): Promise<string[]> {
    return io(`list ${dir}`, () => fs.promises.readdir(dir));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await fs.promises.stat(path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw ioError(`stat ${path}`, error);
    }
  }

  async create(path: string): Promise<WritableFile> {
    const fd = ioSync(`create ${path}`, () => fs.openSync(path, 'w'));
    return new NodeWritableFile(fd, 0, path);
  }

  async openAppend(path: string): Promise<WritableFile> {
    const fd = ioSync(`open ${path} for append`, () => fs.openSync(path, APPEND_EXISTING));
    const size = ioSync(`stat ${path}`, () => fs.fstatSync(fd).size);
    return new NodeWritableFile(fd, size, path);
  }

  openRead(path: string): ReadableFile {
    const fd = ioSync(`open ${path} for reading`, () => fs.openSync(path, 'r'));
    const size = ioSync(`stat ${path}`, () => fs.fstatSync(fd).size);
    return new NodeReadableFile(fd, size, path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const buffer = await io(`read ${path}`, () => fs.promises.readFile(path));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  async truncate(path: string, size: number): Promise<void> {
    await io(`truncate ${path} to ${size}`, () => fs.promises.truncate(path, size));
  }

  async rename(from: string, to: string): Promise<void> {
    await io(`rename ${from} -> ${to}`, () => fs.promises.rename(from, to));
  }

  async remove(path: string): Promise<void> {
    await io(`remove ${path}`, () => fs.promises.unlink(path));
  }

  async syncDir(dir: string): Promise<void> {
    // Windows cannot open a directory for fsync; NTFS journals directory entries itself.
    if (process.platform === 'win32') return;
    const fd = ioSync(`open directory ${dir}`, () => fs.openSync(dir, 'r'));
    try {
      await io(`fsync directory ${dir}`, () => fsync(fd));
    } finally {
      await io(`close directory ${dir}`, () => closeFd(fd));
    }
  }

  async lock(path: string): Promise<() => Promise<void>> {
    const absolute = resolvePath(path);
    if (lockedPaths.has(absolute)) throw new LsmError('LOCKED', `${path} is locked by another handle in this process`);
    lockedPaths.add(absolute);
    try {
      await acquireProcessLock(absolute, path);
    } catch (error) {
      lockedPaths.delete(absolute);
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      lockedPaths.delete(absolute);
      await releaseProcessLock(absolute);
    };
  }
}

class NodeWritableFile implements WritableFile {
  #size: number;
  #closed = false;

  constructor(
    private readonly fd: number,
    size: number,
    private readonly path: string,
  ) {
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  append(bytes: Uint8Array): void {
    this.#checkOpen('append to');
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      this.#size += written;
      throw ioError(`append to ${this.path}`, error);
    }
    this.#size += bytes.length;
  }

  async sync(): Promise<void> {
    this.#checkOpen('sync');
    await io(`sync ${this.path}`, () => fdatasync(this.fd));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await io(`close ${this.path}`, () => closeFd(this.fd));
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new LsmError('IO_ERROR', `${what} ${this.path}: the file is closed`);
  }
}

class NodeReadableFile implements ReadableFile {
  #closed = false;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly path: string,
  ) {}

  readInto(offset: number, target: Uint8Array): number {
    if (this.#closed) throw new LsmError('IO_ERROR', `read ${this.path}: the file is closed`);
    const wanted = Math.max(0, Math.min(target.length, this.size - offset));
    let got = 0;
    try {
      while (got < wanted) {
        const n = fs.readSync(this.fd, target, got, wanted - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (error) {
      throw ioError(`read ${this.path} @ ${offset + got}`, error);
    }
    return got;
  }

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
    const got = this.readInto(offset, out);
    return got === out.length ? out : out.subarray(0, got);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    ioSync(`close ${this.path}`, () => fs.closeSync(this.fd));
  }
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An errno failure as IO_ERROR: "what: CODE message", with the system error as cause. */
function ioError(what: string, error: unknown): LsmError {
  if (error instanceof LsmError) return error;
  const code = errnoCode(error);
  const reason = code === 'ENOENT' ? 'no such file or directory' : error instanceof Error ? error.message : String(error);
  return new LsmError('IO_ERROR', `${what}: ${code === undefined ? '' : `${code} `}${reason}`, { cause: error });
}

function ioSync<T>(what: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw ioError(what, error);
  }
}

async function io<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw ioError(what, error);
  }
}
