// The named naive baseline ("naive-lww"): the least a Dynamo-style put or get can cost in this
// process. The coordinator looks up the same preference list, sends the value straight to the N
// replicas (Dynamo's classic pattern: no coordinating replica, since last-writer-wins needs no
// dot), each replica keeps `{ timestampMs, value }` in a Map and acks, and the coordinator counts
// acks in a Set and answers at W (or R, keeping the newest timestamp). No causal context, no
// siblings, no validation, no receipts, no timers, no hints: what kv pays for all of those is
// the ratio the benchmark prints.
import type { Ring } from '@kv/ring';

export type NaiveMessage =
  | { readonly type: 'write'; readonly id: number; readonly key: string; readonly value: Uint8Array; readonly timestampMs: number }
  | { readonly type: 'ack'; readonly id: number }
  | { readonly type: 'read'; readonly id: number; readonly key: string }
  | { readonly type: 'value'; readonly id: number; readonly timestampMs: number; readonly value: Uint8Array | undefined };

export interface NaiveEnvelope {
  readonly from: string;
  readonly to: string;
  readonly message: NaiveMessage;
}

interface Pending {
  readonly needed: number;
  readonly answered: Set<string>;
  newest: { timestampMs: number; value: Uint8Array | undefined };
}

export class NaiveNode {
  private readonly data = new Map<string, { timestampMs: number; value: Uint8Array }>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  done = 0;

  constructor(
    readonly self: string,
    private readonly ring: Ring,
  ) {}

  put(key: string, value: Uint8Array, w: number, nowMs: number): NaiveEnvelope[] {
    const id = ++this.nextId;
    this.pending.set(id, { needed: w, answered: new Set(), newest: { timestampMs: 0, value: undefined } });
    return this.ring.preferenceList(key, 3).map((to) => ({ from: this.self, to, message: { type: 'write', id, key, value, timestampMs: nowMs } }));
  }

  get(key: string, r: number): NaiveEnvelope[] {
    const id = ++this.nextId;
    this.pending.set(id, { needed: r, answered: new Set(), newest: { timestampMs: 0, value: undefined } });
    return this.ring.preferenceList(key, 3).map((to) => ({ from: this.self, to, message: { type: 'read', id, key } }));
  }

  receive(from: string, message: NaiveMessage): NaiveEnvelope[] {
    switch (message.type) {
      case 'write': {
        const current = this.data.get(message.key);
        if (current === undefined || current.timestampMs <= message.timestampMs) this.data.set(message.key, { timestampMs: message.timestampMs, value: message.value });
        return [{ from: this.self, to: from, message: { type: 'ack', id: message.id } }];
      }
      case 'read': {
        const current = this.data.get(message.key);
        return [{ from: this.self, to: from, message: { type: 'value', id: message.id, timestampMs: current?.timestampMs ?? 0, value: current?.value } }];
      }
      case 'ack':
      case 'value': {
        const pending = this.pending.get(message.id);
        if (pending === undefined || pending.answered.has(from)) return [];
        pending.answered.add(from);
        if (message.type === 'value' && message.timestampMs > pending.newest.timestampMs) pending.newest = message;
        if (pending.answered.size >= pending.needed) {
          this.pending.delete(message.id);
          this.done++;
        }
        return [];
      }
    }
  }
}
