// FileSystem: the one seam through which @kv/lsm touches storage (leveldb's `Env`, pebble's
// `vfs.FS`). The engine never imports `node:fs`; `NodeFileSystem` (runtime/) implements this over
// real files and `MemoryFileSystem` models a disk that loses power, for tests and the simulator.
//
// Durability model (what the engine relies on, and what MemoryFileSystem enforces):
// - Bytes appended to a file are durable only after `WritableFile.sync()` resolves.
// - A created, renamed or removed directory entry is durable only after `syncDir(dir)` resolves.
// - `rename` atomically replaces the target (POSIX rename).
// Paths are '/'-joined strings; the engine only ever uses `${dir}/${name}` with flat names.

/** A file open for appending. `append` hands bytes to the OS (survives a process crash, not a power loss). */
export interface WritableFile {
  /** Appends bytes at the end of the file. Synchronous: returns once the OS has them. Keeps no reference to `bytes`. */
  append(bytes: Uint8Array): void;
  /** Makes every byte appended so far durable (fdatasync). */
  sync(): Promise<void>;
  /** Closes the file; does not sync. */
  close(): Promise<void>;
  /** Bytes appended so far (the file's length). */
  readonly size: number;
}

/** A file open for positional reads. Reads are synchronous: a page-cache hit costs microseconds. */
export interface ReadableFile {
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`, or fewer only at the end of the file. */
  read(offset: number, length: number): Uint8Array;
  /** Reads into `target` (as many bytes as it holds, fewer only at the end); returns the count. No allocation. */
  readInto(offset: number, target: Uint8Array): number;
  close(): void;
}

export interface FileSystem {
  /** Creates the directory and its parents if missing. */
  mkdir(dir: string): Promise<void>;
  /** Names (not paths) of the entries in `dir`. */
  list(dir: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** Creates `path` empty (truncating any existing file) and opens it for appending. */
  create(path: string): Promise<WritableFile>;
  /** Opens an existing file for appending at its end (used to reuse a log after recovery). */
  openAppend(path: string): Promise<WritableFile>;
  /** Opens an existing file for positional reads. Synchronous (an open is a syscall or two) so the read path never awaits. */
  openRead(path: string): ReadableFile;
  /** Reads a whole (small) file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Cuts the file to `size` bytes (used to drop a torn log tail); durable after the next sync of it. */
  truncate(path: string, size: number): Promise<void>;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Makes the directory's entries (creates, renames, removes) durable. */
  syncDir(dir: string): Promise<void>;
  /**
   * Takes an exclusive lock for this process on `path` (created if missing); resolves to a
   * release function. Rejects with LsmError `LOCKED` when another handle holds it.
   */
  lock(path: string): Promise<() => Promise<void>>;
}

/** The injected timer seam, so the engine runs under the simulator's virtual time too. */
export interface Scheduler {
  nowMs(): number;
  /** Calls `fn` after `delayMs`; returns a cancel function. Must not keep the process alive. */
  setTimer(fn: () => void, delayMs: number): () => void;
  /** Yields to the event loop (or the simulator's queue) so foreground work can run. */
  yield(): Promise<void>;
}
