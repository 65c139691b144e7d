// BufferedFile: a WritableFile that gathers small appends into one bounded buffer and hands it
// to the underlying file when full, before a sync and at close — so writing a table costs one
// write syscall per `bufferBytes`, not one per 4 KiB block. Only for files nobody reads until
// they are synced and closed (new SSTables); the commit log appends straight through, because
// an acknowledged write must reach the OS before the ack.

import type { WritableFile } from './file-system.js';

export class BufferedFile implements WritableFile {
  private buffer: Uint8Array;
  private used = 0;

  constructor(
    private readonly file: WritableFile,
    bufferBytes = 256 * 1024,
  ) {
    this.buffer = new Uint8Array(bufferBytes);
  }

  get size(): number {
    return this.file.size + this.used;
  }

  append(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.drain();
    if (this.buffer.length === 0) {
      this.file.append(bytes);
      return;
    }
    if (bytes.length >= this.buffer.length) {
      this.file.append(bytes);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  async sync(): Promise<void> {
    this.drain();
    await this.file.sync();
  }

  async close(): Promise<void> {
    this.drain();
    await this.file.close();
  }

  /** Hands everything buffered to the file and drops the buffer (the table is complete). */
  release(): void {
    this.drain();
    this.buffer = new Uint8Array(0);
  }

  private drain(): void {
    if (this.used === 0) return;
    this.file.append(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}
