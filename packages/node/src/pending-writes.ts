// Pending writes: the values a store handed to the lsm whose write has not completed yet (an
// lsm write resolves after its group commit). A reader checks here first, so @kv/quorum's
// synchronous stores see their own writes at once; each write is tracked by the Durability a
// persist drains. An entry leaves when its own write completes and nothing newer replaced it.
import type { Durability } from './durability.js';

export class PendingWrites<T> {
  /** id → the value being written, or null while it is being deleted. */
  private readonly values = new Map<string, T | null>();

  constructor(private readonly durability: Durability) {}

  /** The value being written under `id` (null: being deleted), or undefined when nothing is pending. */
  get(id: string): T | null | undefined {
    return this.values.get(id);
  }

  set(id: string, value: T | null, write: Promise<void>): void {
    this.values.set(id, value);
    this.durability.track(
      write.then(() => {
        if (this.values.get(id) === value) this.values.delete(id);
      }),
    );
  }

  get size(): number {
    return this.values.size;
  }

  /** Every pending (id, value), copied now. */
  snapshot(): [string, T | null][] {
    return [...this.values];
  }
}
