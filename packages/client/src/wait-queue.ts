// Wait queue: the calls that wait for a connection (while the client dials) or for a pipeline
// slot (while pipelineMax calls are in flight), first in, first out. It is bounded: past
// queuedMax the client fails a new call with OVERLOADED at once instead of buffering without
// limit. A call that times out while waiting leaves from the middle (a Set keeps insertion
// order and deletes in O(1)).
import type { Call } from './call.js';
import { assert } from './errors.js';

export class WaitQueue {
  private readonly calls = new Set<Call>();

  constructor(readonly sizeMax: number) {}

  get size(): number {
    return this.calls.size;
  }

  get full(): boolean {
    return this.calls.size >= this.sizeMax;
  }

  push(call: Call): void {
    assert(!this.full, `wait queue over its bound ${this.sizeMax}`);
    this.calls.add(call);
  }

  /** The oldest waiting call, removed; undefined when none waits. */
  shift(): Call | undefined {
    const first = this.calls.values().next();
    if (first.done === true) return undefined;
    this.calls.delete(first.value);
    return first.value;
  }

  delete(call: Call): boolean {
    return this.calls.delete(call);
  }

  /** Removes and returns every waiting call. */
  drain(): Call[] {
    const calls = [...this.calls];
    this.calls.clear();
    return calls;
  }
}
