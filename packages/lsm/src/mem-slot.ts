// MemSlot: a memtable together with the commit log that backs it. Writes reserve room in the
// active slot when they are issued and apply to its memtable once their log record is written
// (and synced, under `always`), in log order. A slot is sealed and flushed only after every write
// it accepted has applied; then its log can go.

import type { CommitLog } from './commit-log.js';
import { Memtable } from './memtable.js';

export class MemSlot {
  readonly mem = new Memtable();
  /** Bytes of writes accepted into this slot (applied or still in the log pipeline). */
  reservedBytes = 0;
  private pending = 0;
  private drainedWaiters: (() => void)[] = [];

  constructor(
    readonly log: CommitLog,
    readonly logNumber: number,
  ) {}

  begin(bytes: number): void {
    this.pending++;
    this.reservedBytes += bytes;
  }

  end(): void {
    this.pending--;
    if (this.pending === 0) for (const w of this.drainedWaiters.splice(0)) w();
  }

  /** Resolves once every write accepted so far has applied (or failed). */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }
}
