// Client session: one client's WebSocket connection. It decodes each binary frame (size checked
// before decoding), answers a bad frame or a bad message with an error frame and keeps the
// connection (DESIGN.md §7: errors are frames, never a dropped connection), enforces the hello
// first, bounds the requests in flight on the connection, and writes the replies of one
// event-loop turn as one frame.
import type { ClientMessage, ClientRequestMessage, ServerMessage } from '@kv/protocol';
import { decodeClientFrame, encodeFrame, negotiateVersion, protocolLimits, protocolVersion, protocolVersionMin } from '@kv/protocol';
import type WebSocket from 'ws';
import type { NodeMetrics } from './node-metrics.js';

export interface SessionHost {
  readonly frameBytesMax: number;
  readonly connectionRequestsMax: number;
  readonly socketBufferBytesMax: number;
  readonly metrics: NodeMetrics;
  /** The welcome's fields after `t` and `version`. */
  welcome(): Omit<Extract<ServerMessage, { t: 'welcome' }>, 't' | 'version'>;
  /** Serves one validated request; `session.reply` must be called exactly once for it. */
  serve(session: ClientSession, request: ClientRequestMessage): void;
  log(fields: object, message: string): void;
}

export class ClientSession {
  private helloDone = false;
  private outbox: ServerMessage[] = [];
  private flushScheduled = false;
  private closed = false;
  /** Requests served but not yet replied to. */
  inFlight = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly host: SessionHost,
    readonly peerAddress: string,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Whether the socket has more unsent bytes than the bound (a client not reading its replies). */
  get congested(): boolean {
    return this.socket.bufferedAmount > this.host.socketBufferBytesMax;
  }

  /** Queues a reply; the replies of one event-loop turn leave as one frame. */
  reply(message: ServerMessage, servedRequest = true): void {
    if (servedRequest) this.inFlight--;
    if (this.closed) return;
    this.outbox.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const outbox = this.outbox;
    this.outbox = [];
    if (this.closed) return;
    for (let i = 0; i < outbox.length; i += protocolLimits.messagesPerFrameMax) {
      this.socket.send(encodeFrame(outbox.slice(i, i + protocolLimits.messagesPerFrameMax)));
    }
  }

  private refuse(id: number | null, code: Extract<ServerMessage, { t: 'error' }>['code'], message: string): void {
    this.host.metrics.frameErrors.inc({ code });
    this.reply({ t: 'error', id, code, message }, false);
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      this.refuse(null, 'BAD_FRAME', 'text messages are not frames: send binary CBOR frames');
      return;
    }
    const frame = decodeClientFrame(data, { frameBytesMax: this.host.frameBytesMax });
    if (!frame.ok) {
      this.refuse(null, frame.code, frame.message);
      return;
    }
    for (const item of frame.items) {
      if (!item.ok) this.refuse(item.id, item.code, item.message);
      else this.onMessage(item.message);
    }
  }

  private onMessage(message: ClientMessage): void {
    if (message.t === 'hello') {
      if (this.helloDone) {
        this.refuse(null, 'BAD_REQUEST', 'hello was already sent on this connection');
        return;
      }
      const version = negotiateVersion(message.versionMin, message.versionMax);
      if (version === undefined) {
        this.refuse(null, 'VERSION_MISMATCH', `this node speaks protocol versions ${protocolVersionMin}..${protocolVersion}, the client ${message.versionMin}..${message.versionMax}`);
        this.flush();
        this.socket.close(1002, 'VERSION_MISMATCH');
        return;
      }
      this.helloDone = true;
      this.host.log({ client: this.peerAddress, agent: message.agent, version }, 'client hello');
      this.reply({ t: 'welcome', version, ...this.host.welcome() }, false);
      return;
    }
    if (!this.helloDone) {
      this.refuse(message.id, 'NOT_READY', 'send hello first');
      return;
    }
    if (this.inFlight >= this.host.connectionRequestsMax || this.congested) {
      this.host.metrics.overloaded.inc({ where: this.congested ? 'client-socket' : 'connection' });
      this.refuse(message.id, 'OVERLOADED', `over ${this.host.connectionRequestsMax} requests in flight on this connection, or replies not being read; back off`);
      return;
    }
    this.inFlight++;
    this.host.serve(this, message);
  }
}
