// Pending table: the calls sent on one connection and not yet answered, by request id. Replies
// may come in any order (PROTOCOL.md "Messages"); the id is how a reply finds its call. The
// table is bounded by the pipeline: the client never sends more than pipelineMax calls on a
// connection, and a call leaves the table when it is answered, times out, or the connection dies.
import { protocolLimits } from '@kv/protocol';
import type { Call } from './call.js';
import { assert } from './errors.js';

export class PendingTable {
  private readonly calls = new Map<number, Call>();
  private lastId = 0;

  constructor(private readonly sizeMax: number) {}

  get size(): number {
    return this.calls.size;
  }

  get full(): boolean {
    return this.calls.size >= this.sizeMax;
  }

  /** Registers `call` under a fresh id (1, 2, 3, … per connection) and returns it. */
  add(call: Call): number {
    assert(!this.full, `pending table over its bound ${this.sizeMax}`);
    assert(this.lastId < protocolLimits.requestIdMax, 'request ids exhausted on this connection');
    const id = ++this.lastId;
    this.calls.set(id, call);
    return id;
  }

  /** Removes and returns the call with `id`; undefined for a reply that came too late or never had a call. */
  take(id: number): Call | undefined {
    const call = this.calls.get(id);
    this.calls.delete(id);
    return call;
  }

  /** Removes and returns every call (the connection is gone). */
  drain(): Call[] {
    const calls = [...this.calls.values()];
    this.calls.clear();
    return calls;
  }
}
