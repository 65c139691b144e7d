// MemoryFileSystem: an in-memory FileSystem that models what a power loss keeps (leveldb
// fault_injection_test.cc, CONVENTIONS.md §3). Tests and the simulator run the engine on it, pull
// the plug with `crash()`, and reopen on what survived to check that no acknowledged write is lost.
//
// Model:
// - A file (inode) has current bytes and durable bytes: a snapshot taken by `WritableFile.sync()`.
//   `truncate` changes the current bytes only (durable after the next sync of the file).
// - A directory has current entries (name → inode) and durable entries, the snapshot taken by
//   `syncDir(dir)`. `create`, `rename` and `remove` change current entries only. `mkdir` is
//   durable at once (a simplification: the engine creates its directory once, before any file).
// - `crash()` returns a new file system holding only durable state; the old one is dead.
// - `crashAfterOps(n)` kills the instance at a chosen "boundary" operation (append, sync, create,
//   openAppend, rename, remove, truncate, syncDir, mkdir), so a test can crash at every one.
// Bytes handed out by reads are never written again (appends go past them, truncate and flipBit
// copy), so callers may keep them.

import { assert, LsmError } from './errors.js';
import type { FileSystem, ReadableFile, WritableFile } from './file-system.js';

/** Thrown by every call on a crashed instance: the simulated process is dead. Not an LsmError. */
export class SimulatedCrashError extends Error {
  override readonly name = 'SimulatedCrashError';
}

export interface CrashOptions {
  /** 'drop' (default): unsynced bytes vanish. 'keep-prefix': each file keeps a random prefix of them (a torn write). */
  readonly tornTail?: 'drop' | 'keep-prefix';
  /** Uniform in [0, 1); defaults to a fixed-seed generator so crashes are reproducible. */
  readonly random?: () => number;
}

const EMPTY = new Uint8Array(0);
/** Smallest buffer a file grows to on its first append. */
const FILE_CAPACITY_MIN_BYTES = 256;

class Inode {
  /** Capacity buffer; bytes [0, size) are the current content. */
  buffer: Uint8Array = EMPTY;
  size = 0;
  /** The content as of the last sync; never mutated (a view of an old buffer region, or a copy). */
  durable: Uint8Array = EMPTY;
  /** True while the current content is the durable content plus appended bytes (no truncate since). */
  extendsDurable = true;

  current(): Uint8Array {
    return this.buffer.subarray(0, this.size);
  }

  append(bytes: Uint8Array): void {
    const need = this.size + bytes.length;
    if (need > this.buffer.length) {
      const grown = new Uint8Array(Math.max(need, this.buffer.length * 2, FILE_CAPACITY_MIN_BYTES));
      grown.set(this.current());
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.size);
    this.size = need;
  }

  sync(): void {
    this.durable = this.current();
    this.extendsDurable = true;
  }

  /** Copies into a fresh buffer, so regions already handed out are never rewritten. */
  truncate(size: number): void {
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, Math.min(size, this.size)));
    this.buffer = next;
    this.size = size;
    this.extendsDurable = false;
  }

  /** The inode a power loss leaves: durable bytes, plus (keep-prefix) part of what was appended since. */
  survivor(keepPrefix: boolean, random: () => number): Inode {
    let bytes = this.durable;
    if (keepPrefix && this.extendsDurable && this.size > bytes.length) {
      const unsynced = this.size - bytes.length;
      bytes = this.buffer.subarray(0, bytes.length + Math.floor(random() * (unsynced + 1)));
    }
    const inode = new Inode();
    inode.buffer = bytes.slice();
    inode.size = bytes.length;
    inode.sync();
    return inode;
  }
}

/** The checks an open file makes through its file system. */
interface Guard {
  /** Counts one boundary op, or kills the instance if this is the op chosen by crashAfterOps. */
  boundary(): void;
  checkAlive(): void;
}

class Directory {
  readonly current = new Map<string, Inode>();
  durable = new Map<string, Inode>();
}

export class MemoryFileSystem implements FileSystem {
  readonly #dirs = new Map<string, Directory>([
    ['.', new Directory()],
    ['/', new Directory()],
  ]);
  readonly #locks = new Set<string>();
  #ops = 0;
  /** The value of #ops at which the next boundary op kills the instance. */
  #crashAtOp = Infinity;
  /** Set when a crashAfterOps point is reached: every call but crash() throws. */
  #tripped = false;
  /** Set by crash(): every call throws. */
  #crashed = false;
  /** What open files call before acting: they die with the instance. */
  readonly #guard: Guard = { boundary: () => this.#boundary(), checkAlive: () => this.#checkAlive() };

  /** Boundary operations that took effect so far. */
  get opsCount(): number {
    return this.#ops;
  }

  /** The next `n` boundary ops take effect; the one after them, and every later call, throws SimulatedCrashError. */
  crashAfterOps(n: number): void {
    assert(Number.isInteger(n) && n >= 0, `crashAfterOps(${n})`);
    this.#crashAtOp = this.#ops + n;
  }

  /** Power loss: a new file system holding only the durable state. This instance is dead afterwards. */
  crash(options: CrashOptions = {}): MemoryFileSystem {
    if (this.#crashed) throw new SimulatedCrashError('crash() on a file system that already crashed');
    this.#crashed = true;
    const keepPrefix = options.tornTail === 'keep-prefix';
    const random = options.random ?? seededRandom(0x9e3779b9);
    const next = new MemoryFileSystem();
    const survivors = new Map<Inode, Inode>();
    for (const [path, dir] of this.#dirs) {
      const copy = new Directory();
      for (const [name, inode] of dir.durable) {
        let survivor = survivors.get(inode);
        if (survivor === undefined) {
          survivor = inode.survivor(keepPrefix, random);
          survivors.set(inode, survivor);
        }
        copy.current.set(name, survivor);
      }
      copy.durable = new Map(copy.current);
      next.#dirs.set(path, copy);
    }
    return next;
  }

  /** Disk corruption: flips one bit of the file's current and durable bytes. */
  flipBit(path: string, byteOffset: number, bit: number): void {
    const inode = this.#file(path);
    assert(byteOffset >= 0 && byteOffset < inode.size && bit >= 0 && bit < 8, `flipBit(${path}, ${byteOffset}, ${bit})`);
    inode.buffer = inode.buffer.slice();
    inode.buffer[byteOffset]! ^= 1 << bit;
    if (byteOffset < inode.durable.length) {
      inode.durable = inode.durable.slice();
      inode.durable[byteOffset]! ^= 1 << bit;
    }
  }

  /** Current size of a file. */
  fileSize(path: string): number {
    return this.#file(path).size;
  }

  /** Current bytes of every distinct file reachable from a current directory entry. */
  totalBytes(): number {
    this.#checkAlive();
    const seen = new Set<Inode>();
    let total = 0;
    for (const dir of this.#dirs.values()) {
      for (const inode of dir.current.values()) {
        if (!seen.has(inode)) total += inode.size;
        seen.add(inode);
      }
    }
    return total;
  }

  async mkdir(dir: string): Promise<void> {
    this.#boundary();
    const path = normalize(dir);
    for (let i = path.indexOf('/', 1); i !== -1; i = path.indexOf('/', i + 1)) this.#ensureDir(path.slice(0, i));
    this.#ensureDir(path);
  }

  async list(dir: string): Promise<string[]> {
    this.#checkAlive();
    const path = normalize(dir);
    const directory = this.#dirs.get(path);
    if (directory === undefined) throw ioError(`ENOENT: no such directory ${dir}`);
    const names = [...directory.current.keys()];
    for (const other of this.#dirs.keys()) {
      const split = splitPath(other);
      if (split.dir === path && split.name !== '' && other !== path) names.push(split.name);
    }
    return names.sort();
  }

  async exists(path: string): Promise<boolean> {
    this.#checkAlive();
    const p = normalize(path);
    if (this.#dirs.has(p)) return true;
    const { dir, name } = splitPath(p);
    return this.#dirs.get(dir)?.current.has(name) ?? false;
  }

  async create(path: string): Promise<WritableFile> {
    this.#boundary();
    const { dir, name } = this.#entryOf(path);
    let inode = dir.current.get(name);
    if (inode === undefined) {
      inode = new Inode();
      dir.current.set(name, inode);
    } else {
      inode.truncate(0);
    }
    return new MemoryWritableFile(this.#guard, inode);
  }

  async openAppend(path: string): Promise<WritableFile> {
    this.#boundary();
    return new MemoryWritableFile(this.#guard, this.#file(path));
  }

  openRead(path: string): ReadableFile {
    return new MemoryReadableFile(this.#guard, this.#file(path));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return this.#file(path).current();
  }

  async truncate(path: string, size: number): Promise<void> {
    assert(Number.isSafeInteger(size) && size >= 0, `truncate to ${size}`);
    this.#boundary();
    this.#file(path).truncate(size);
  }

  async rename(from: string, to: string): Promise<void> {
    this.#boundary();
    const source = this.#entryOf(from);
    const inode = source.dir.current.get(source.name);
    if (inode === undefined) throw ioError(`ENOENT: rename ${from} -> ${to}: no such file`);
    const target = this.#entryOf(to);
    source.dir.current.delete(source.name);
    target.dir.current.set(target.name, inode);
  }

  async remove(path: string): Promise<void> {
    this.#boundary();
    const { dir, name } = this.#entryOf(path);
    if (!dir.current.delete(name)) throw ioError(`ENOENT: remove ${path}: no such file`);
  }

  async syncDir(dir: string): Promise<void> {
    this.#boundary();
    const directory = this.#dirs.get(normalize(dir));
    if (directory === undefined) throw ioError(`ENOENT: syncDir ${dir}: no such directory`);
    directory.durable = new Map(directory.current);
  }

  async lock(path: string): Promise<() => Promise<void>> {
    this.#checkAlive();
    const p = normalize(path);
    if (this.#locks.has(p)) throw new LsmError('LOCKED', `${path} is locked by another handle`);
    const { dir, name } = this.#entryOf(p);
    if (!dir.current.has(name)) dir.current.set(name, new Inode());
    this.#locks.add(p);
    let released = false;
    return async () => {
      this.#checkAlive();
      if (!released) this.#locks.delete(p);
      released = true;
    };
  }

  #boundary(): void {
    this.#checkAlive();
    if (this.#ops >= this.#crashAtOp) {
      this.#tripped = true;
      throw new SimulatedCrashError(`simulated crash at boundary op ${this.#ops}`);
    }
    this.#ops++;
  }

  #checkAlive(): void {
    if (this.#crashed || this.#tripped) throw new SimulatedCrashError('the file system crashed');
  }

  #ensureDir(path: string): void {
    if (!this.#dirs.has(path)) this.#dirs.set(path, new Directory());
  }

  #entryOf(path: string): { dir: Directory; name: string } {
    const split = splitPath(normalize(path));
    const dir = this.#dirs.get(split.dir);
    if (dir === undefined) throw ioError(`ENOENT: ${path}: no such directory ${split.dir}`);
    return { dir, name: split.name };
  }

  #file(path: string): Inode {
    this.#checkAlive();
    const { dir, name } = this.#entryOf(path);
    const inode = dir.current.get(name);
    if (inode === undefined) throw ioError(`ENOENT: ${path}: no such file`);
    return inode;
  }
}

class MemoryWritableFile implements WritableFile {
  #closed = false;

  constructor(
    private readonly guard: Guard,
    private readonly inode: Inode,
  ) {}

  get size(): number {
    return this.inode.size;
  }

  append(bytes: Uint8Array): void {
    assert(!this.#closed, 'append to a closed file');
    this.guard.boundary();
    this.inode.append(bytes);
  }

  async sync(): Promise<void> {
    assert(!this.#closed, 'sync of a closed file');
    this.guard.boundary();
    this.inode.sync();
  }

  async close(): Promise<void> {
    this.guard.checkAlive();
    this.#closed = true;
  }
}

class MemoryReadableFile implements ReadableFile {
  constructor(
    private readonly guard: Guard,
    private readonly inode: Inode,
  ) {}

  get size(): number {
    return this.inode.size;
  }

  readInto(offset: number, target: Uint8Array): number {
    const bytes = this.read(offset, target.length);
    target.set(bytes);
    return bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    this.guard.checkAlive();
    assert(offset >= 0 && length >= 0, `read(${offset}, ${length})`);
    const end = Math.min(this.inode.size, offset + length);
    return offset >= end ? EMPTY : this.inode.buffer.subarray(offset, end);
  }

  close(): void {
    this.guard.checkAlive();
  }
}

function ioError(message: string): LsmError {
  return new LsmError('IO_ERROR', message);
}

/** Collapses repeated slashes and drops a trailing one ('/' stays '/'). */
function normalize(path: string): string {
  const p = path.replace(/\/+/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function splitPath(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  if (i < 0) return { dir: '.', name: path };
  return { dir: i === 0 ? '/' : path.slice(0, i), name: path.slice(i + 1) };
}

/** mulberry32: a small deterministic generator for the default torn-tail lengths. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
