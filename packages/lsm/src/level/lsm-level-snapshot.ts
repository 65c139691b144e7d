// LsmLevelSnapshot: abstract-level's explicit snapshot (`db.snapshot()`) over an engine Snapshot.
// abstract-level counts the reads in flight (ref/unref) and calls `_close()` once, after the last
// of them, so releasing the engine snapshot there can never pull a version out from under a read.

import { AbstractSnapshot } from 'abstract-level';
import type { Snapshot } from '../index.js';

// abstract-level's typings declare no constructor, but the class takes `{ owner }`: the database
// (or sublevel) whose close() closes this snapshot.
const SnapshotBase = AbstractSnapshot as unknown as new (options: { readonly owner: unknown }) => AbstractSnapshot;

export class LsmLevelSnapshot extends SnapshotBase {
  #engineSnapshot: Snapshot | undefined;

  /** `take` runs after abstract-level accepted the owner, so a rejected owner leaks nothing. */
  constructor(options: { readonly owner: unknown }, take: () => Snapshot) {
    super(options);
    this.#engineSnapshot = take();
  }

  /** The engine snapshot to read from; undefined once this snapshot is closed. */
  get engineSnapshot(): Snapshot | undefined {
    return this.#engineSnapshot;
  }

  async _close(): Promise<void> {
    const snapshot = this.#engineSnapshot;
    this.#engineSnapshot = undefined;
    snapshot?.release();
  }
}
