// A raw protocol client for tests: sends frames built by hand (or raw bytes) and collects the
// replies by id, so tests see exactly what a node puts on the wire.
import type { ClientMessage, ServerMessage } from '@kv/protocol';
import { decodeServerFrame, encodeFrame } from '@kv/protocol';
import WebSocket from 'ws';

type Sent = ClientMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

export class RawClient {
  private nextId = 0;
  private readonly waiters = new Map<number, (m: ServerMessage) => void>();
  /** Replies without an id (frame errors) and welcomes, in arrival order. */
  readonly unsolicited: ServerMessage[] = [];
  frames = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames++;
      const frame = decodeServerFrame(data);
      if (!frame.ok) throw new Error(`bad frame from node: ${frame.message}`);
      for (const item of frame.items) {
        if (!item.ok) throw new Error(`bad message from node: ${item.message}`);
        const m = item.message;
        const id = 'id' in m ? m.id : null;
        const waiter = id === null ? undefined : this.waiters.get(id);
        if (waiter === undefined) this.unsolicited.push(m);
        else {
          this.waiters.delete(id!);
          waiter(m);
        }
      }
    });
  }

  static async open(url: string, hello = true): Promise<RawClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const client = new RawClient(socket);
    if (hello) {
      socket.send(encodeFrame([{ t: 'hello', versionMin: 1, versionMax: 1, agent: 'node-test' }]));
      await client.next();
    }
    return client;
  }

  request(message: Sent): Promise<ServerMessage> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.waiters.set(id, resolve);
      this.socket.send(encodeFrame([{ ...message, id } as ClientMessage]));
    });
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.socket.send(bytes, { binary: typeof bytes !== 'string' });
  }

  /** The next unsolicited message (frame-level error, welcome). */
  async next(timeoutMs = 2_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsolicited.length === 0) {
      if (Date.now() > deadline) throw new Error('no unsolicited message arrived');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.unsolicited.shift()!;
  }

  close(): void {
    this.socket.close();
  }
}
