// Durability tracker: the writes a store issued since the last persist, so the node can wait for
// exactly those to be on disk before it sends the acks that depend on them (persist, then send).
// A failed write is fatal for the node: `onFailure` reports it once.
export class Durability {
  private pending: Promise<void>[] = [];
  private failed: unknown;

  constructor(private readonly onFailure: (error: unknown) => void) {}

  track(write: Promise<void>): void {
    this.pending.push(
      write.catch((error: unknown) => {
        if (this.failed === undefined) {
          this.failed = error;
          this.onFailure(error);
        }
        throw error;
      }),
    );
  }

  /** Resolves when every write tracked so far is durable (rejects if one failed). */
  drain(): Promise<void> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return Promise.resolve();
    return Promise.all(writes).then(() => undefined);
  }
}
