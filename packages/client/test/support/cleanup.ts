// Test setup against fake nodes: everything a test starts (servers, clients) is stopped after it,
// newest first, and `setup` starts one fake node with a client connected to it.
import { afterEach } from 'vitest';
import type { ConnectOptions, KvClient } from '../../src/index.js';
import { connect } from '../../src/index.js';
import { FakeServer, type FakeServerOptions } from './fake-server.js';

/** Registers an afterEach that runs the returned steps, newest first; call once per test file. */
export function useCleanup(): (() => Promise<void>)[] {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  return cleanup;
}

/** One fake node and a client connected to it, both stopped by `cleanup`. */
export async function setupFake(
  cleanup: (() => Promise<void>)[],
  options: Partial<ConnectOptions> = {},
  serverOptions: FakeServerOptions = {},
): Promise<{ server: FakeServer; kv: KvClient }> {
  const server = await FakeServer.start(serverOptions);
  cleanup.push(() => server.close());
  const kv = await connect({ nodes: [server.url], ...options });
  cleanup.push(() => kv.close());
  return { server, kv };
}
