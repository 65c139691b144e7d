// Key map: a Map keyed by Key (a string or bytes), for the in-memory stores and the handoff
// window. String keys are looked up as they are (no concatenation per lookup on the hot path);
// byte keys by their hex, in a second map, so a string and a byte key never collide.
import type { Key } from './key.js';
import { hexOf } from './key.js';

export class KeyMap<T> {
  private readonly strings = new Map<string, T>();
  private readonly bytes = new Map<string, T>();

  get(key: Key): T | undefined {
    return typeof key === 'string' ? this.strings.get(key) : this.bytes.get(hexOf(key));
  }

  has(key: Key): boolean {
    return typeof key === 'string' ? this.strings.has(key) : this.bytes.has(hexOf(key));
  }

  set(key: Key, value: T): void {
    if (typeof key === 'string') this.strings.set(key, value);
    else this.bytes.set(hexOf(key), value);
  }

  delete(key: Key): void {
    if (typeof key === 'string') this.strings.delete(key);
    else this.bytes.delete(hexOf(key));
  }

  clear(): void {
    this.strings.clear();
    this.bytes.clear();
  }

  get size(): number {
    return this.strings.size + this.bytes.size;
  }

  /** String keys' values in insertion order, then byte keys' values in insertion order. */
  *values(): IterableIterator<T> {
    yield* this.strings.values();
    yield* this.bytes.values();
  }
}
