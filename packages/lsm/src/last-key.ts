// LastKey: the previous key of a sorted stream, kept in one reusable buffer, so a flush or a
// compaction can ask "same key as before?" for every entry without allocating a copy per entry
// (the entry's own bytes may alias a block that is about to be replaced).

export class LastKey {
  private buffer = new Uint8Array(64);
  private length = -1;

  /** True when `key` has the same bytes as the last one remembered. */
  equals(key: Uint8Array): boolean {
    if (key.length !== this.length) return false;
    const last = this.buffer;
    for (let i = key.length - 1; i >= 0; i--) if (key[i] !== last[i]) return false;
    return true;
  }

  /** Remembers a copy of `key`. */
  set(key: Uint8Array): void {
    if (key.length > this.buffer.length) this.buffer = new Uint8Array(key.length * 2);
    this.buffer.set(key);
    this.length = key.length;
  }
}
