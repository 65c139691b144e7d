// The echo ceiling's two halves: the server process (echo-server.ts, spawned here) and a client
// that frames requests as @kv/client does — `get`/`put` messages with ids; the first request of
// a turn schedules a flush as a microtask and every request issued before it runs joins the same
// frame (the client's Outbox); replies matched by id — over the same number of connections as
// the kv target (one per client) at the same concurrency.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { decoder, encoder } from './echo-protocol';
import { onCleanup } from './processes';
import type { Target } from './target';

export interface EchoServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Spawns the echo server on `port` and waits for it to listen; `withReceipt`: kv's full reply shapes. */
export async function startEchoServer(port: number, valueBytes: number, withReceipt: boolean): Promise<EchoServer> {
  const server = await spawnServer('echo-server.ts', [String(port), String(valueBytes), ...(withReceipt ? ['receipt'] : [])], 'listening');
  return { url: `ws://127.0.0.1:${port}`, close: server.close };
}

/** A bench server process (src/`file`), once it has printed `ready`. */
export async function spawnServer(file: string, args: readonly string[], ready: string): Promise<{ readonly child: ChildProcess; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const unregister = onCleanup(stop);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    child,
    close: async () => {
      await stop();
      unregister();
    },
  };
}

interface Pending {
  resolve(reply: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** One connection: ids, a per-turn send queue, replies matched by id. */
class EchoConnection {
  private readonly pending = new Map<number, Pending>();
  private queue: unknown[] = [];
  private flushScheduled = false;
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const replies = decoder.decode(data) as Record<string, unknown>[];
      for (const reply of replies) {
        const id = reply['id'] as number;
        const waiter = this.pending.get(id);
        this.pending.delete(id);
        waiter?.resolve(reply);
      }
    });
    socket.on('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(Object.assign(new Error('closed'), { code: 'CLOSED' }));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<EchoConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.binaryType = 'nodebuffer';
      socket.once('open', () => resolve(new EchoConnection(socket)));
      socket.once('error', reject);
    });
  }

  request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    this.queue.push({ ...message, id });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  private flush(): void {
    this.flushScheduled = false;
    const messages = this.queue;
    this.queue = [];
    if (messages.length > 0) this.socket.send(encoder.encode(messages));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** A Target over `connections` echo connections (to `urls` in turn), requests spread round-robin. */
export async function echoTarget(name: string, urls: string | readonly string[], connections: number): Promise<Target> {
  const list = typeof urls === 'string' ? [urls] : urls;
  const sockets = await Promise.all(Array.from({ length: connections }, (_, i) => EchoConnection.open(list[i % list.length] as string)));
  let turn = 0;
  const pick = (): EchoConnection => sockets[turn++ % sockets.length] as EchoConnection;
  return {
    name,
    async read(key) {
      const reply = await pick().request({ t: 'get', key, r: 2 });
      return reply['found'] === true;
    },
    async update(key, value) {
      await pick().request({ t: 'put', key, value, w: 2 });
    },
    async close() {
      await Promise.all(sockets.map((s) => s.close()));
    },
  };
}
