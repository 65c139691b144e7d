// The benchmark's peer: the least a client can do over the same wire — a `ws` socket, requests
// numbered and packed into one frame per batch with cbor-x, replies decoded with cbor-x and
// matched to promises by id. No validation of replies, no value codec on results, no timeouts,
// no queue bound, no reconnect, no receipts checked: the floor, not a competing SDK.
import { Decoder, Encoder } from 'cbor-x';
import WebSocket from 'ws';

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

type Reply = { readonly t: string; readonly id: number | null };

export class BareClient {
  private lastId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      for (const reply of decoder.decode(data) as Reply[]) {
        if (reply.id === null) continue;
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      }
    });
  }

  static async connect(url: string): Promise<BareClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        ws.send(encoder.encode([{ t: 'hello', versionMin: 1, versionMax: 1, agent: 'bare' }]));
        ws.once('message', () => resolve());
      });
      ws.once('error', reject);
    });
    return new BareClient(ws);
  }

  /** Sends `messages` (without ids) as one frame; resolves with their replies. */
  batch(messages: readonly Record<string, unknown>[]): Promise<Reply[]> {
    const replies = messages.map((message) => {
      const id = ++this.lastId;
      return { message: { ...message, id }, reply: new Promise<Reply>((resolve) => this.waiting.set(id, resolve)) };
    });
    this.ws.send(encoder.encode(replies.map((r) => r.message)));
    return Promise.all(replies.map((r) => r.reply));
  }

  close(): void {
    this.ws.close();
  }
}
