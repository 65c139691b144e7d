// A 3-member etcd cluster on 127.0.0.1 for the peer column: Debian's etcd-server 3.4, each
// member its own process with its data dir in a temp dir, fsync on (etcd's default, as kv's
// syncPolicy 'always'), started with `--initial-cluster-state new` and torn down (processes
// killed, data removed) by `close()` or the bench's cleanup.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './processes';

export interface EtcdCluster {
  /** Client endpoints, `127.0.0.1:port`. */
  readonly hosts: readonly string[];
  readonly version: string;
  close(): Promise<void>;
}

export interface EtcdOptions {
  readonly members?: number;
  readonly clientPortBase?: number;
  readonly peerPortBase?: number;
  readonly binary?: string;
}

/** etcd's version line, or undefined when the binary is not installed. */
export function etcdVersion(binary = 'etcd'): string | undefined {
  try {
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /etcd Version:\s*(\S+)/.exec(out)?.[1] ?? out.split('\n')[0];
  } catch {
    return undefined;
  }
}

export const etcdInstallHint = 'etcd is not installed: `apt-get install etcd-server` (Debian/Ubuntu) puts it at /usr/bin/etcd';

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { health?: unknown };
    return body.health === 'true';
  } catch {
    return false;
  }
}

export async function startEtcdCluster(options: EtcdOptions = {}): Promise<EtcdCluster> {
  const binary = options.binary ?? 'etcd';
  const version = etcdVersion(binary);
  if (version === undefined) throw new Error(etcdInstallHint);
  const members = options.members ?? 3;
  const clientBase = options.clientPortBase ?? 23791;
  const peerBase = options.peerPortBase ?? 23801;
  const root = mkdtempSync(join(tmpdir(), 'kv-bench-etcd-'));
  const names = Array.from({ length: members }, (_, i) => `m${i + 1}`);
  const initialCluster = names.map((name, i) => `${name}=http://127.0.0.1:${peerBase + i}`).join(',');
  const children: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    rmSync(root, { recursive: true, force: true });
  };
  const unregister = onCleanup(close);
  names.forEach((name, i) => {
    const client = `http://127.0.0.1:${clientBase + i}`;
    const peer = `http://127.0.0.1:${peerBase + i}`;
    const log = openSync(join(root, `${name}.log`), 'a');
    // prettier-ignore
    const args = [
      '--name', name, '--data-dir', join(root, name),
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
      '--initial-cluster', initialCluster, '--initial-cluster-state', 'new',
      '--initial-cluster-token', `kv-bench-${process.pid}`,
      '--logger', 'zap', '--log-level', 'warn',
    ];
    children.push(spawn(binary, args, { stdio: ['ignore', log, log] }));
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const exited = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (exited !== undefined) {
      await close();
      throw new Error(`an etcd member exited at start (code ${exited.exitCode}); are ports ${clientBase}.. / ${peerBase}.. free?`);
    }
    const states = await Promise.all(names.map((_, i) => healthy(clientBase + i)));
    if (states.every(Boolean)) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error('etcd cluster not healthy within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    hosts: names.map((_, i) => `127.0.0.1:${clientBase + i}`),
    version,
    close: async () => {
      await close();
      unregister();
    },
  };
}
