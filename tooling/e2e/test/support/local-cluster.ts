// Test clusters of real kv-server processes on 127.0.0.1 (the launcher `pnpm start` uses), on
// ports found free at the time, in a temp dir that is removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalCluster } from '@kv/server';
import { startLocalCluster } from '@kv/server';

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve((server.address() as AddressInfo | null) === null)));
  });
}

/** A base port with `count` consecutive free ports, and another run of `count` for admin. */
export async function freePortRuns(count: number): Promise<{ basePort: number; adminBasePort: number }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count * 2 }, (_, i) => (i < count ? base + i : base + 1000 + i - count));
    const free = await Promise.all(ports.map(portFree));
    if (free.every(Boolean)) return { basePort: base, adminBasePort: base + 1000 };
  }
  throw new Error('no free port runs found');
}

export interface TestCluster {
  readonly cluster: LocalCluster;
  close(): Promise<void>;
}

export async function startTestCluster(nodes: number, nodeArgs: readonly string[] = []): Promise<TestCluster> {
  const baseDir = mkdtempSync(join(tmpdir(), 'kv-e2e-'));
  const ports = await freePortRuns(nodes);
  const cluster = await startLocalCluster({ nodes, baseDir, ...ports, nodeArgs, startTimeoutMs: 30_000 });
  return {
    cluster,
    close: async () => {
      await cluster.stop();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
