// The kv cluster under test: three kv-server processes on 127.0.0.1 started by @kv/server's
// startLocalCluster (N = 3, each node the others' seed), on the bench's own ports, with data in
// a temp dir that is removed afterwards. Nodes run with their defaults (sync 'always': every
// acknowledged write is fsynced, as etcd's are).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '@kv/server';
import type { LocalCluster } from '@kv/server';
import { onCleanup } from './processes';

export interface KvCluster {
  readonly urls: readonly string[];
  readonly baseDir: string;
  close(): Promise<void>;
}

export interface KvClusterOptions {
  readonly nodes?: number;
  readonly basePort?: number;
  readonly adminBasePort?: number;
  /** Extra kv-server flags for every node. */
  readonly nodeArgs?: readonly string[];
}

export async function startKvCluster(options: KvClusterOptions = {}): Promise<KvCluster> {
  const baseDir = mkdtempSync(join(tmpdir(), 'kv-bench-cluster-'));
  let cluster: LocalCluster | undefined;
  const close = async (): Promise<void> => {
    await cluster?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
  const unregister = onCleanup(close);
  try {
    cluster = await startLocalCluster({
      nodes: options.nodes ?? 3,
      baseDir,
      basePort: options.basePort ?? 27171,
      adminBasePort: options.adminBasePort ?? 27181,
      nodeArgs: ['--log-level', 'warn', ...(options.nodeArgs ?? [])],
      startTimeoutMs: 60_000,
    });
  } catch (error) {
    unregister();
    await close();
    throw error;
  }
  return {
    urls: cluster.urls,
    baseDir,
    close: async () => {
      await close();
      unregister();
    },
  };
}
