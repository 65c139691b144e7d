// LsmIterator: the public ordered iterator — over a key range, forward or reverse, up to a limit,
// reading the snapshot taken when it was created. Steps are synchronous underneath (`nextSync`);
// `next`, `nextv` and `for await` wrap them for callers that want promises.

import { toBytes } from './bytes.js';
import type { DbIterator, KeyValue } from './db-iterator.js';
import { LsmError } from './errors.js';

export class LsmIterator implements AsyncIterable<KeyValue>, Iterable<KeyValue> {
  private closed = false;

  /** @internal created by `Lsm.iterator()`. */
  constructor(
    private readonly inner: DbIterator,
    private readonly forget: (it: LsmIterator) => void,
  ) {}

  /** The next [key, value] pair, or undefined at the end. */
  nextSync(): KeyValue | undefined {
    if (this.closed) throw new LsmError('NOT_OPEN', 'iterator is closed');
    return this.inner.step();
  }

  next(): Promise<KeyValue | undefined> {
    try {
      return Promise.resolve(this.nextSync());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Up to `n` pairs (fewer only at the end). */
  nextvSync(n: number): KeyValue[] {
    const out: KeyValue[] = [];
    while (out.length < n) {
      const pair = this.nextSync();
      if (pair === undefined) break;
      out.push(pair);
    }
    return out;
  }

  nextv(n: number): Promise<KeyValue[]> {
    try {
      return Promise.resolve(this.nextvSync(n));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Repositions on the first key ≥ target (≤ target in reverse), within the iterator's range. */
  seek(target: Uint8Array | string): void {
    if (this.closed) throw new LsmError('NOT_OPEN', 'iterator is closed');
    this.inner.seek(toBytes(target, 'seek target'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inner.close();
    this.forget(this);
  }

  *[Symbol.iterator](): Iterator<KeyValue> {
    try {
      for (let pair = this.nextSync(); pair !== undefined; pair = this.nextSync()) yield pair;
    } finally {
      this.close();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<KeyValue> {
    try {
      for (let pair = this.nextSync(); pair !== undefined; pair = this.nextSync()) yield pair;
    } finally {
      this.close();
    }
  }
}
