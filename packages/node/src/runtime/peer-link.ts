// Peer link: this node's one outbound connection to a peer (DESIGN.md §7). Messages for the peer
// queue up (bounded) and are written once per event-loop turn as one frame, so a burst of quorum
// messages costs one WebSocket message, not one each. The link dials on demand, proves the
// cluster secret (peer-hello), checks the peer's proof (peer-welcome), and after a failure waits
// a doubling backoff before it dials again; what was queued when a connection fails is dropped
// (gossip repeats itself; quorum requests time out and are retried by their clients).
import type { GossipPeerMessage, PeerMessage, QuorumPeerMessage } from '@kv/protocol/peer';
import { decodePeerFrame, encodePeerFrame } from '@kv/protocol/peer';
import { protocolLimits, protocolVersion, protocolVersionMin } from '@kv/protocol';
import WebSocket from 'ws';
import type { Logger } from '../node-options.js';
import { newNonce, peerProof, proofMatches } from './peer-auth.js';

export interface PeerLinkSelf {
  readonly cluster: string;
  readonly secret: string;
  readonly node: string;
  readonly address: string;
  generation(): number;
  nowMs(): number;
}

export interface PeerLinkLimits {
  readonly frameBytesMax: number;
  readonly queueMessagesMax: number;
  readonly socketBufferBytesMax: number;
  readonly backoffMsMin: number;
  readonly backoffMsMax: number;
}

export interface PeerLinkCounters {
  framesSent: number;
  messagesSent: number;
  messagesDropped: number;
  connects: number;
  handshakeFailures: number;
}

const zeroMask = (mask: Uint8Array): void => {
  mask.fill(0);
};

type State = 'idle' | 'connecting' | 'open' | 'backoff' | 'closed';

export class PeerLink {
  private state: State = 'idle';
  private socket: WebSocket | undefined;
  private queue: (GossipPeerMessage | QuorumPeerMessage)[] = [];
  private flushScheduled = false;
  private backoffMs: number;
  private backoffTimer: NodeJS.Timeout | undefined;
  /** The peer's node id, once a handshake succeeded. */
  peerNode: string | undefined;

  constructor(
    readonly address: string,
    private readonly self: PeerLinkSelf,
    private readonly limits: PeerLinkLimits,
    private readonly counters: PeerLinkCounters,
    private readonly logger: Logger,
  ) {
    this.backoffMs = limits.backoffMsMin;
  }

  get connected(): boolean {
    return this.state === 'open';
  }

  send(message: GossipPeerMessage | QuorumPeerMessage): void {
    if (this.state === 'closed' || this.state === 'backoff' || this.queue.length >= this.limits.queueMessagesMax) {
      this.counters.messagesDropped++;
      return;
    }
    this.queue.push(message);
    if (this.state === 'idle') this.dial();
    else if (this.state === 'open') this.scheduleFlush();
  }

  close(): void {
    this.state = 'closed';
    clearTimeout(this.backoffTimer);
    this.counters.messagesDropped += this.queue.length;
    this.queue = [];
    this.socket?.terminate();
    this.socket = undefined;
  }

  private dial(): void {
    this.state = 'connecting';
    this.counters.connects++;
    // A zero mask: ws then skips the XOR over every frame. Masking protects browsers' traffic
    // through HTTP proxies (RFC 6455 §10.3); node-to-node links carry no browser traffic.
    const socket = new WebSocket(`${this.address}/peer`, { perMessageDeflate: false, maxPayload: this.limits.frameBytesMax, handshakeTimeout: 5_000, generateMask: zeroMask });
    socket.binaryType = 'nodebuffer';
    this.socket = socket;
    const nonce = newNonce();
    const timeMs = this.self.nowMs();
    const generation = this.self.generation();
    socket.on('open', () => {
      const fields = { cluster: this.self.cluster, node: this.self.node, generation, nonce, timeMs };
      const hello: PeerMessage = {
        t: 'peer-hello',
        versionMin: protocolVersionMin,
        versionMax: protocolVersion,
        cluster: this.self.cluster,
        node: this.self.node,
        generation,
        address: this.self.address,
        nonce,
        timeMs,
        proof: peerProof(this.self.secret, 'hello', fields),
      };
      socket.send(encodePeerFrame([hello]));
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.state !== 'connecting' || socket !== this.socket) return;
      const frame = isBinary ? decodePeerFrame(data, { frameBytesMax: this.limits.frameBytesMax }) : undefined;
      const item = frame?.ok === true ? frame.items[0] : undefined;
      const welcome = item?.ok === true ? item.message : undefined;
      if (welcome?.t === 'peer-welcome') {
        const fields = { cluster: this.self.cluster, node: welcome.node, generation: welcome.generation, nonce, timeMs };
        if (proofMatches(this.self.secret, 'welcome', fields, welcome.proof)) {
          this.peerNode = welcome.node;
          this.state = 'open';
          this.backoffMs = this.limits.backoffMsMin;
          this.scheduleFlush();
          return;
        }
      }
      this.counters.handshakeFailures++;
      const reason =
        welcome?.t === 'peer-welcome' ? 'bad proof' : welcome?.t === 'peer-error' ? `${welcome.code}: ${welcome.message}` : 'no peer-welcome';
      this.logger.warn({ peer: this.address, reason }, 'peer handshake failed');
      socket.terminate();
    });
    socket.on('error', () => {
      // 'close' follows and handles it; errors while dialing a down peer are routine.
    });
    socket.on('close', () => {
      if (socket === this.socket) this.lost();
    });
  }

  private lost(): void {
    this.socket = undefined;
    if (this.state === 'closed') return;
    this.counters.messagesDropped += this.queue.length;
    this.queue = [];
    this.state = 'backoff';
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.limits.backoffMsMax);
    this.backoffTimer = setTimeout(() => {
      if (this.state === 'backoff') this.state = 'idle';
    }, delayMs);
    this.backoffTimer.unref();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const socket = this.socket;
    if (this.state !== 'open' || socket === undefined) return;
    const queue = this.queue;
    this.queue = [];
    if (socket.bufferedAmount > this.limits.socketBufferBytesMax) {
      this.counters.messagesDropped += queue.length;
      return;
    }
    const perFrame = protocolLimits.peerMessagesPerFrameMax;
    for (let i = 0; i < queue.length; i += perFrame) this.sendChunk(socket, queue.slice(i, i + perFrame));
  }

  /** One frame, split in halves while it is over the peer's frameBytesMax. */
  private sendChunk(socket: WebSocket, chunk: readonly (GossipPeerMessage | QuorumPeerMessage)[]): void {
    const frame = encodePeerFrame(chunk);
    if (frame.length > this.limits.frameBytesMax) {
      if (chunk.length === 1) {
        this.counters.messagesDropped++;
        this.logger.error({ peer: this.address, frameBytes: frame.length }, 'a single peer message is over frameBytesMax; dropped');
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      this.sendChunk(socket, chunk.slice(0, half));
      this.sendChunk(socket, chunk.slice(half));
      return;
    }
    socket.send(frame);
    this.counters.framesSent++;
    this.counters.messagesSent += chunk.length;
  }
}
