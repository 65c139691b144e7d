// The local cluster launcher's process management, on stand-in servers (fixtures/fake-kv-server.mjs)
// so it runs in a second: ports and flags per node, waiting for health, cluster.json, logs,
// kill/restart keeping the node's slot, crash reports, bounded startup and bounded stop.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../src/local-cluster.js';
import type { NodeExit } from '../src/node-process.js';
import { freePortRange } from './support/free-ports.js';

const fakeServer = fileURLToPath(new URL('./fixtures/fake-kv-server.mjs', import.meta.url));
const baseDir = mkdtempSync(path.join(tmpdir(), 'kv-local-cluster-'));
const running: LocalCluster[] = [];

async function start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const basePort = await freePortRange(4);
  const adminBasePort = await freePortRange(4);
  const cluster = await startLocalCluster({ baseDir: path.join(baseDir, String(basePort)), basePort, adminBasePort, serverEntry: fakeServer, startTimeoutMs: 5_000, ...options });
  running.push(cluster);
  return cluster;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((cluster) => cluster.stop()));
});
afterAll(() => {
  rmSync(baseDir, { recursive: true, force: true });
});

describe('startLocalCluster', () => {
  it('starts n1..n3 on consecutive ports with the others as seeds, and writes cluster.json', async () => {
    const cluster = await start({ nodeArgs: ['--sync', 'never'] });
    const nodes = cluster.nodes();
    expect(nodes.map((node) => node.id)).toEqual(['n1', 'n2', 'n3']);
    const basePort = Number(new URL(nodes[0]?.url ?? '').port);
    expect(cluster.urls).toEqual([0, 1, 2].map((i) => `ws://127.0.0.1:${basePort + i}`));
    expect(nodes.every((node) => node.running && node.pid !== undefined)).toBe(true);
    const file = JSON.parse(readFileSync(cluster.clusterFile, 'utf8'));
    expect(file.nodes).toEqual(nodes.map(({ id, url, adminUrl, pid }) => ({ id, url, adminUrl, pid })));
    expect(Date.parse(file.startedAt)).not.toBeNaN();
    const log = readFileSync(nodes[1]?.logFile ?? '', 'utf8');
    const args: string[] = JSON.parse(log.split('\n').find((line) => line.includes('fake kv-server up')) ?? '{}').args;
    expect(args).toEqual(expect.arrayContaining(['--node-id', 'n2', '--data-dir', path.join(cluster.baseDir, 'n2'), '--sync', 'never']));
    expect(args[args.indexOf('--seeds') + 1]).toBe(`${cluster.urls[0]},${cluster.urls[2]}`);
    expect(args[args.indexOf('--secret') + 1]).toBe('kv-local-cluster-dev-secret');
  });

  it('stop() ends every node and removes cluster.json', async () => {
    const cluster = await start();
    const pids = cluster.nodes().map((node) => node.pid);
    await cluster.stop();
    expect(cluster.nodes().every((node) => !node.running)).toBe(true);
    expect(existsSync(cluster.clusterFile)).toBe(false);
    for (const pid of pids) expect(() => process.kill(pid ?? 0, 0)).toThrow();
  });

  it('kill -9 then restart brings the same node back under a new pid, and cluster.json follows', async () => {
    const exits: NodeExit[] = [];
    const cluster = await start({ onUnexpectedExit: (exit) => exits.push(exit) });
    const before = cluster.node('n2').pid;
    const exit = await cluster.kill('n2');
    expect(exit).toMatchObject({ id: 'n2', signal: 'SIGKILL', expected: true });
    expect(cluster.node('n2').running).toBe(false);
    const after = await cluster.restart('n2');
    expect(after.running).toBe(true);
    expect(after.pid).not.toBe(before);
    expect(JSON.parse(readFileSync(cluster.clusterFile, 'utf8')).nodes[1].pid).toBe(after.pid);
    expect(exits).toEqual([]);
  });

  it('reports a node that exits without being asked to', async () => {
    const exits: NodeExit[] = [];
    const cluster = await start({ onUnexpectedExit: (exit) => exits.push(exit) });
    process.kill(cluster.node('n3').pid ?? 0, 'SIGKILL');
    await expect.poll(() => exits.length, { timeout: 2_000 }).toBe(1);
    expect(exits[0]).toMatchObject({ id: 'n3', signal: 'SIGKILL', expected: false, logFile: path.join(cluster.baseDir, 'n3.log') });
  });

  it('fails fast with the node’s last log line when a node exits during startup', async () => {
    const error = await start({ nodeArgs: ['--fake-exit-code', '1'], onUnexpectedExit: () => undefined }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NODE_EXITED' });
    expect((error as Error).message).toMatch(/^n\d exited during startup: error IO_ERROR: fake failure of n\d \(log: .*n\d\.log\)$/);
  });

  it('gives up after startTimeoutMs when the members never all come up, and stops what it started', async () => {
    const error = await start({ nodeArgs: ['--fake-members-up', '2'], startTimeoutMs: 600 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toMatch(/cluster not up after 600 ms \(n1: ok, membersUp 2\/3; n2: ok, membersUp 2\/3; n3: ok, membersUp 2\/3\)/);
  });

  it('SIGKILLs a node that ignores SIGTERM once the stop grace period is over', async () => {
    const exits: NodeExit[] = [];
    const cluster = await start({ nodes: 1, nodeArgs: ['--fake-ignore-sigterm'], stopGraceMs: 300, onUnexpectedExit: (exit) => exits.push(exit) });
    const pid = cluster.node('n1').pid ?? 0;
    const started = Date.now();
    await cluster.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(exits).toEqual([]);
  });

  it('refuses a second launcher on the same base dir while the first runs', async () => {
    const cluster = await start({ nodes: 1 });
    const error = await startLocalCluster({ baseDir: cluster.baseDir, serverEntry: fakeServer, nodes: 1, basePort: 1, adminBasePort: 10 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ALREADY_RUNNING' });
  });

  it('refuses bad options before starting anything', async () => {
    await expect(startLocalCluster({ nodes: 0, baseDir })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    await expect(startLocalCluster({ basePort: 7071, adminBasePort: 7072, baseDir })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    await expect(startLocalCluster({ basePort: 65535, baseDir })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
  });
});
