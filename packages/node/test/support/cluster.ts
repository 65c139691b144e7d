// In-process test clusters: N nodes on 127.0.0.1 with temp data dirs, seeded with each other.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KvNode, NodeOptions } from '../../src/index.js';
import { startNode } from '../../src/index.js';

export interface TestCluster {
  readonly nodes: KvNode[];
  readonly dirs: string[];
  close(): Promise<void>;
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export async function waitFor(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startCluster(size: number, extra: Partial<NodeOptions> = {}): Promise<TestCluster> {
  const root = mkdtempSync(join(tmpdir(), 'kv-node-test-'));
  const ports = await freePorts(size);
  const urls = ports.map((p) => `ws://127.0.0.1:${p}`);
  const dirs = ports.map((_, i) => join(root, `n${i + 1}`));
  const nodes = await Promise.all(
    ports.map((port, i) =>
      startNode({ dataDir: dirs[i]!, port, nodeId: `n${i + 1}`, seeds: urls.filter((_, j) => j !== i), secret: 'test-secret-123', syncPolicy: 'never', gossipIntervalMs: 250, ...extra }),
    ),
  );
  await waitFor(() => nodes.every((n) => n.health().membersUp === size), 15_000, 'every node to see every member up');
  return {
    nodes,
    dirs,
    close: async () => {
      await Promise.all(nodes.map((n) => n.close()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
