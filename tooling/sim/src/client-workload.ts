// Client workload: a few clients, each issuing one operation at a time — get, put or delete of a
// random key at a random consistency level, strict or sloppy, with a context that is sometimes
// the one from its last read of the key, sometimes none (a blind put), sometimes an older one
// (stale) — and recording each invoke and completion in the History.
import type { ClientReply, ClientRequest, Consistency } from '@kv/quorum';
import type { SeededRandom } from '@kv/test-kit';
import type { History, OpRecord } from './history.js';
import { levelCount } from './history.js';
import type { SimOptions } from './sim-options.js';

export interface WorkloadHost {
  liveNodes(): string[];
  submit(node: string, request: ClientRequest<string>, onReply: (reply: ClientReply<string>) => void): void;
  /** Schedules the client's next op (opId undefined) or its give-up timer for `opId`. */
  schedule(atMs: number, client: number, opId?: number): void;
  nowMs(): number;
}

interface ClientState {
  remaining: number;
  pending: OpRecord | undefined;
  /** Context tokens this client has read, per key, oldest first. */
  readonly contexts: Map<string, string[]>;
}

const giveUpSlackMs = 2_000;

export class ClientWorkload {
  private readonly clients: ClientState[] = [];
  private finished = 0;
  private opCounter = 0;

  constructor(
    private readonly options: SimOptions,
    private readonly rng: SeededRandom,
    private readonly history: History,
    private readonly host: WorkloadHost,
  ) {
    const per = Math.ceil(options.ops / options.clients);
    for (let i = 0; i < options.clients; i++) this.clients.push({ remaining: per, pending: undefined, contexts: new Map() });
  }

  get done(): boolean {
    return this.finished === this.clients.length;
  }

  start(atMs: number): void {
    this.clients.forEach((_, i) => this.host.schedule(atMs + this.rng.int(100), i));
  }

  next(client: number): void {
    const state = this.clients[client];
    if (state === undefined || state.pending !== undefined) return;
    if (state.remaining <= 0) {
      this.finished++;
      return;
    }
    const live = this.host.liveNodes();
    if (live.length === 0) {
      this.host.schedule(this.host.nowMs() + 100, client);
      return;
    }
    state.remaining--;
    const node = this.rng.pick(live);
    const key = `k${this.rng.int(this.options.keys)}`;
    const seen = state.contexts.get(key) ?? [];
    const roll = this.rng.next();
    const context = seen.length === 0 || roll < 0.2 ? undefined : roll < 0.8 ? seen[seen.length - 1] : this.rng.pick(seen);
    const opRoll = this.rng.next();
    const op: 'get' | 'put' | 'delete' = opRoll < 0.45 ? 'get' : opRoll < 1 - this.options.deleteShare || context === undefined ? 'put' : 'delete';
    const levels: Consistency[] = ['one', 'quorum', 'all', ...Array.from({ length: this.options.n }, (_, i) => i + 1)];
    const level = this.rng.pick(levels);
    const sloppy = this.rng.next() < 0.6;
    const id = ++this.opCounter;
    const requestId = `c${client}-${id}`;
    const value = op === 'put' ? `v${id}` : undefined;
    const record: OpRecord = {
      id, client, op, key, node, level: levelCount(level, this.options.n), sloppy, value,
      context: op === 'get' ? undefined : context,
      invokeMs: this.host.nowMs(), completeMs: undefined, reply: undefined,
    };
    this.history.ops.push(record);
    state.pending = record;
    this.host.schedule(this.host.nowMs() + this.options.requestTimeoutMs + giveUpSlackMs, client, id);
    const common = { requestId, key, sloppy };
    const request: ClientRequest<string> =
      op === 'get' ? { ...common, op, r: level }
      : op === 'put' ? { ...common, op, value: value as string, w: level, ...(context === undefined ? {} : { context }) }
      : { ...common, op, w: level, context: context as string };
    this.host.submit(node, request, (reply) => this.complete(client, record, reply));
  }

  /** No reply in time (the coordinator crashed): the outcome stays unknown. */
  timeout(client: number, opId: number): void {
    const state = this.clients[client];
    if (state?.pending?.id !== opId) return;
    state.pending = undefined;
    this.host.schedule(this.host.nowMs() + this.think(), client);
  }

  private complete(client: number, record: OpRecord, reply: ClientReply<string>): void {
    const state = this.clients[client];
    if (state?.pending !== record) return;
    record.reply = reply;
    record.completeMs = this.host.nowMs();
    state.pending = undefined;
    if (reply.ok && reply.op === 'get') {
      const seen = state.contexts.get(record.key) ?? [];
      seen.push(reply.context);
      if (seen.length > 8) seen.shift();
      state.contexts.set(record.key, seen);
    }
    this.host.schedule(this.host.nowMs() + this.think(), client);
  }

  private think(): number {
    return Math.round(-this.options.thinkMsMean * Math.log(1 - this.rng.next()));
  }
}
