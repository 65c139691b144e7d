// A fake kv node for the client's tests: a `ws` WebSocketServer on 127.0.0.1 (port 0) that
// speaks the real protocol with @kv/protocol's codec — hello/welcome, get/put/delete on a Map
// with trivial siblings (a put whose context is the key's current version replaces the values,
// any other put adds a sibling), status and ring. It records every frame it decodes, and tests
// can hold replies to release them in another order, stay silent, answer errors, or drop every
// connection.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeClientFrame, encodeFrame, protocolVersion } from '@kv/protocol';
import type { ClientMessage, ClientRequestMessage, Key, Receipt, ServerMessage, WelcomeMessage } from '@kv/protocol';

export interface FakeServerOptions {
  readonly node?: string;
  readonly welcome?: Partial<Omit<WelcomeMessage, 't'>>;
  /** Answer every hello with VERSION_MISMATCH. */
  readonly refuseHello?: boolean;
}

/** A test's override of one request's answer: a reply, 'silent' (none), or undefined (the default). */
export type Responder = (message: ClientRequestMessage) => ServerMessage | 'silent' | undefined;

interface Entry {
  values: Uint8Array[];
  version: number;
}

export class FakeServer {
  /** Every frame a client sent, decoded (hello frames included). */
  readonly frames: ClientMessage[][] = [];
  readonly store = new Map<string, Entry>();
  readonly sockets = new Set<WebSocket>();
  /** While true, replies wait in `held` until release(). */
  holding = false;
  readonly held: { socket: WebSocket; reply: ServerMessage }[] = [];
  respond: Responder = () => undefined;
  /** While true, every new connection is cut at once (a dial fails fast). */
  refuse = false;
  connections = 0;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    private readonly options: FakeServerOptions,
  ) {
    wss.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeServer> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as AddressInfo;
    return new FakeServer(wss, `ws://127.0.0.1:${port}`, options);
  }

  get node(): string {
    return this.options.node ?? 'fake-1';
  }

  /** Every request received (hellos left out), in arrival order. */
  requests(): ClientRequestMessage[] {
    return this.frames.flat().filter((m): m is ClientRequestMessage => m.t !== 'hello');
  }

  /** Sends the held replies, in `order`, one frame each. */
  release(order: 'fifo' | 'reverse' = 'fifo'): void {
    const replies = this.held.splice(0);
    if (order === 'reverse') replies.reverse();
    for (const { socket, reply } of replies) socket.send(encodeFrame([reply]));
    this.holding = false;
  }

  /** Cuts every client connection without a closing handshake. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    if (this.refuse) return socket.terminate();
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data: Buffer) => this.received(socket, new Uint8Array(data)));
  }

  private received(socket: WebSocket, bytes: Uint8Array): void {
    const frame = decodeClientFrame(bytes);
    if (!frame.ok) return socket.send(encodeFrame([{ t: 'error', id: null, code: frame.code, message: frame.message }]));
    const messages = frame.items.flatMap((item) => (item.ok ? [item.message] : []));
    this.frames.push(messages);
    const replies: ServerMessage[] = [];
    for (const item of frame.items) {
      if (!item.ok) replies.push({ t: 'error', id: item.id, code: item.code, message: item.message });
      else if (item.message.t === 'hello') replies.push(this.hello());
      else {
        const reply = this.respond(item.message) ?? this.answer(item.message);
        if (reply !== 'silent') replies.push(reply);
      }
    }
    if (this.holding) this.held.push(...replies.map((reply) => ({ socket, reply })));
    else if (replies.length > 0) socket.send(encodeFrame(replies));
  }

  private hello(): ServerMessage {
    if (this.options.refuseHello === true) return { t: 'error', id: null, code: 'VERSION_MISMATCH', message: 'no common version' };
    return {
      t: 'welcome',
      version: protocolVersion,
      node: this.node,
      cluster: 'test',
      frameBytesMax: 1_048_576,
      maxPairBytes: 10_240,
      nodes: [this.url],
      ...this.options.welcome,
    };
  }

  private answer(m: ClientRequestMessage): ServerMessage {
    switch (m.t) {
      case 'get': {
        const entry = this.entry(m.key);
        return { t: 'got', id: m.id, found: entry.values.length > 0, values: entry.values, context: `v${entry.version}`, receipt: this.receipt(m.r ?? 'quorum') };
      }
      case 'put':
      case 'delete': {
        const entry = this.entry(m.key);
        const kept = m.context === `v${entry.version}` ? [] : entry.values;
        entry.values = m.t === 'put' ? [...kept, m.value] : kept;
        entry.version += 1;
        return { t: 'done', id: m.id, siblings: entry.values.length, receipt: this.receipt(m.w ?? 'quorum') };
      }
      case 'status':
      case 'ring':
        return m.t === 'status'
          ? { t: 'status-reply', id: m.id, node: this.node, cluster: 'test', generation: 1, uptimeMs: 5, members: [{ id: this.node, url: this.url, status: 'up', generation: 1 }], hints: {}, requestsInFlight: 0, keyspaces: { default: { n: 3 } } }
          : { t: 'ring-reply', id: m.id, vnodes: 8, owners: [{ node: this.node, weight: 1, vnodes: 8, share: 1 }] };
      case 'repair':
        return { t: 'repair-reply', id: m.id, pairsTotal: 2 };
    }
  }

  private entry(key: Key): Entry {
    const name = typeof key === 'string' ? `s:${key}` : `b:${Buffer.from(key).toString('hex')}`;
    let entry = this.store.get(name);
    if (entry === undefined) {
      entry = { values: [], version: 0 };
      this.store.set(name, entry);
    }
    return entry;
  }

  receipt(consistency: Receipt['consistency']): Receipt {
    return {
      consistency,
      required: 2,
      sloppy: true,
      primaries: [this.node],
      targets: [{ node: this.node }],
      uncovered: [],
      acks: [{ node: this.node, role: 'primary', counted: true }],
      refusals: [],
      hintsWritten: [],
      divergent: false,
      readRepairs: [],
      servedBy: this.node,
      durationMs: 0,
    };
  }
}
