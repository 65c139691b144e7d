// createConnect: builds the `connect()` of one platform from its WebSocket factory. The Node and
// browser entries differ only in the factory they pass, so all the logic is shared and the
// browser bundle never sees `ws`.
import { KvClient } from './client.js';
import { resolveOptions, type ConnectOptions } from './options.js';
import type { SocketFactory } from './socket.js';

export type Connect = (options: ConnectOptions) => Promise<KvClient>;

export function createConnect(openSocket: SocketFactory, platform: 'node' | 'browser'): Connect {
  /**
   * Connects to the first node of `options.nodes` that answers (in turn, with backoff) and
   * resolves once it welcomed the client. Rejects with KvError UNAVAILABLE (or VERSION_MISMATCH)
   * when reconnect.attemptsMax dials in a row failed.
   */
  return async function connect(options: ConnectOptions): Promise<KvClient> {
    const client = new KvClient(resolveOptions(options, platform), options.socket ?? openSocket);
    try {
      await client.ready();
    } catch (error) {
      await client.close();
      throw error;
    }
    return client;
  };
}
