// Connection: one WebSocket session with one node, as a small state machine.
//
//   opening ──open──▶ handshaking ──welcome──▶ open ──lost / close()──▶ closed
//      └──────────────────┴── error, VERSION_MISMATCH, connectTimeoutMs ──▶ closed
//
// On open it sends the hello (PROTOCOL.md "Handshake") and waits for the welcome, which carries
// the node's limits. Once open it numbers calls, sends them through the outbox (one frame per
// turn) and routes each reply to its call by id, in whatever order replies come. When the socket
// goes, every call in flight fails with CLOSED; the owner (the Dialer) decides what comes next.
import { decodeServerFrame, encodeFrame, KvError, pairBytes, protocolVersion, protocolVersionMin } from '@kv/protocol';
import type { ClientRequestMessage, ServerMessage, WelcomeMessage } from '@kv/protocol';
import type { Call, RequestBody } from './call.js';
import { closedInFlight } from './errors.js';
import type { ClientEvent } from './events.js';
import { checkFitsFrame } from './message-size.js';
import { Outbox } from './outbox.js';
import { PendingTable } from './pending-table.js';
import type { Socket, SocketFactory } from './socket.js';
import type { TrafficCounters } from './stats.js';

export type ConnectionState = 'opening' | 'handshaking' | 'open' | 'closed';

export interface ConnectionConfig {
  readonly agent: string;
  readonly pipelineMax: number;
  readonly connectTimeoutMs: number;
  readonly replyFrameBytesMax: number;
  readonly closeWaitMs: number;
  readonly counters: TrafficCounters;
}

export interface ConnectionListener {
  onWelcome(connection: Connection): void;
  /** The connection ended; `error` says why (CLOSED, UNAVAILABLE, VERSION_MISMATCH, …). */
  onClosed(connection: Connection, error: KvError, wasOpen: boolean): void;
  /** Calls left the pipeline (answered or abandoned): waiting calls may go now. */
  onSlotsFreed(connection: Connection): void;
  onEvent(event: ClientEvent): void;
}

/** Close codes: 1000 normal; 4000–4999 are the application's (browsers refuse 1002 and the like). */
const closeNormal = 1000;
const closeProtocolError = 4002;
const closeHandshakeTimeout = 4008;

export class Connection {
  state: ConnectionState = 'opening';
  welcome: WelcomeMessage | undefined;
  private readonly socket: Socket | undefined;
  private readonly pending: PendingTable;
  private outbox: Outbox | undefined;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private closedWaiters: (() => void)[] = [];

  constructor(
    readonly url: string,
    openSocket: SocketFactory,
    private readonly config: ConnectionConfig,
    private readonly listener: ConnectionListener,
  ) {
    this.pending = new PendingTable(config.pipelineMax);
    this.handshakeTimer = setTimeout(() => this.abort(new KvError('UNAVAILABLE', `${url}: no welcome within ${config.connectTimeoutMs} ms`), closeHandshakeTimeout), config.connectTimeoutMs);
    try {
      this.socket = openSocket(url, {
        onOpen: () => this.opened(),
        onMessage: (data) => this.received(data),
        onClosed: (reason) => this.closed(reason),
      }, { messageBytesMax: config.replyFrameBytesMax });
    } catch (error) {
      this.socket = undefined;
      queueMicrotask(() => this.end(new KvError('UNAVAILABLE', `${url}: cannot open a WebSocket: ${String(error)}`, { cause: error })));
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get pipelineFull(): boolean {
    return this.pending.full;
  }

  /**
   * Sends `call` (it must be open with a free slot). A request this node cannot take — a pair
   * over maxPairBytes, a frame over frameBytesMax — fails here, before anything is sent.
   */
  send(call: Call, timeoutMs: number | undefined): void {
    const { welcome, outbox } = this;
    if (this.state !== 'open' || welcome === undefined || outbox === undefined) return call.fail(closedInFlight(call.op, `${this.url} closed`));
    try {
      checkFitsNode(call.body, welcome);
    } catch (error) {
      return call.fail(error);
    }
    const id = this.pending.add(call);
    call.id = id;
    call.state = 'sent';
    // One copy per request: the body, its id, and (for keyed requests) the node's time budget.
    const message = timeoutMs === undefined ? { ...call.body, id } : { ...call.body, id, timeoutMs };
    outbox.push(message as ClientRequestMessage);
  }

  /** Forgets a sent call whose deadline passed: its reply, if it comes, is dropped. */
  abandon(call: Call): void {
    if (call.id === undefined || this.pending.take(call.id) !== call) return;
    this.listener.onSlotsFreed(this);
  }

  /** Closes the connection; calls in flight fail with CLOSED. Resolves when the socket is gone (or after closeWaitMs). */
  close(why: string): Promise<void> {
    if (this.state === 'closed' || this.socket === undefined) {
      this.end(new KvError('CLOSED', `${this.url}: ${why}`));
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.config.closeWaitMs);
      this.closedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.abort(new KvError('CLOSED', `${this.url}: ${why}`), closeNormal);
    return done;
  }

  /** A method, so TypeScript does not narrow the state across calls that may close the connection. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private opened(): void {
    if (this.state !== 'opening') return;
    this.state = 'handshaking';
    const hello = { t: 'hello', versionMin: protocolVersionMin, versionMax: protocolVersion, agent: this.config.agent } as const;
    this.trySend(encodeFrame([hello]));
  }

  private received(data: Uint8Array | string): void {
    if (this.state === 'closed') return;
    if (typeof data === 'string') return this.frameError('BAD_FRAME', 'the node sent a text message; frames are binary');
    const frame = decodeServerFrame(data, { frameBytesMax: this.config.replyFrameBytesMax });
    if (!frame.ok) return this.frameError(frame.code, `the node sent an undecodable frame: ${frame.message}`);
    const freedBefore = this.pending.size;
    for (const item of frame.items) {
      if (this.isClosed()) return;
      if (item.ok) this.route(item.message);
      else if (item.id === null) this.frameError(item.code, `the node sent an invalid message: ${item.message}`);
      else this.pending.take(item.id)?.fail(new KvError(item.code, `the node's reply is invalid: ${item.message}`));
    }
    if (this.state === 'open' && this.pending.size < freedBefore) this.listener.onSlotsFreed(this);
  }

  private route(message: ServerMessage): void {
    if (message.t === 'welcome') return this.welcomed(message);
    if (this.state !== 'open') {
      const error = message.t === 'error' ? KvError.fromMessage(message) : new KvError('INTERNAL', `${this.url}: '${message.t}' before the welcome`);
      return this.abort(error, closeProtocolError);
    }
    if (message.t === 'error' && message.id === null) {
      return this.listener.onEvent({ type: 'frame-error', url: this.url, code: message.code, message: message.message });
    }
    const call = message.id === null ? undefined : this.pending.take(message.id);
    if (call === undefined) this.config.counters.lateReplies += 1;
    else call.answer(message);
  }

  private welcomed(welcome: WelcomeMessage): void {
    if (this.state !== 'handshaking') return this.frameError('BAD_FRAME', 'the node sent a second welcome');
    if (welcome.version < protocolVersionMin || welcome.version > protocolVersion) {
      return this.abort(new KvError('VERSION_MISMATCH', `${this.url} chose protocol version ${welcome.version}, this client speaks ${protocolVersionMin}..${protocolVersion}`), closeProtocolError);
    }
    clearTimeout(this.handshakeTimer);
    this.state = 'open';
    this.welcome = welcome;
    this.outbox = new Outbox(welcome.frameBytesMax, this.config.counters, (bytes) => this.trySend(bytes));
    this.listener.onWelcome(this);
  }

  private frameError(code: KvError['code'], message: string): void {
    if (this.state !== 'open') return this.abort(new KvError(code, `${this.url}: ${message}`), closeProtocolError);
    this.listener.onEvent({ type: 'frame-error', url: this.url, code, message });
  }

  private trySend(bytes: Uint8Array): void {
    try {
      this.socket?.send(bytes);
    } catch (error) {
      this.end(new KvError('CLOSED', `${this.url}: send failed: ${String(error)}`, { cause: error }));
    }
  }

  /** Ends the session from this side and closes the socket. */
  private abort(error: KvError, code: number): void {
    if (this.state === 'closed') return;
    this.end(error);
    try {
      this.socket?.close(code, error.code);
    } catch {
      // The socket is already gone; nothing left to close.
    }
  }

  private closed(reason: string): void {
    for (const resolve of this.closedWaiters) resolve();
    this.closedWaiters = [];
    this.end(new KvError(this.state === 'open' ? 'CLOSED' : 'UNAVAILABLE', `${this.url}: ${reason}`));
  }

  /** The one place the session ends: fail calls in flight, tell the owner. Idempotent. */
  private end(error: KvError): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    this.outbox?.discard();
    for (const call of this.pending.drain()) call.fail(closedInFlight(call.op, error.message));
    this.listener.onClosed(this, error, wasOpen);
  }
}

export function checkFitsNode(body: RequestBody, welcome: WelcomeMessage): void {
  if (body.t === 'put') {
    const bytes = pairBytes(body.key, body.value);
    if (bytes > welcome.maxPairBytes) {
      throw new KvError('PAIR_TOO_LARGE', `put: key + value take ${bytes} bytes, over the cluster's maxPairBytes ${welcome.maxPairBytes}; nothing was sent`);
    }
  }
  checkFitsFrame(body, welcome.frameBytesMax);
}
