// A real kv-server process (src/cli.ts through tsx) on free ports with a temp data dir: its
// startup log, /health and /metrics, a client round trip, SIGTERM → exit 0, a restart on the
// same data dir taking a new generation, and the exit codes of a bad flag (2) and a failed start (1).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@kv/client';
import { killServer, spawnServer, type ServerProcess } from './support/server-process.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kv-server-test-'));
const spawned: ServerProcess[] = [];

function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): ServerProcess {
  const server = spawnServer(args, env);
  spawned.push(server);
  return server;
}

const isStartLine = (entry: Record<string, unknown>): boolean => typeof entry['adminUrl'] === 'string';

afterAll(async () => {
  await Promise.all(spawned.map((server) => killServer(server)));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kv-server process', () => {
  let firstGeneration = 0;
  let nodeId = '';

  it('starts, serves /health and /metrics and clients, and exits 0 on SIGTERM', async () => {
    const server = start(['--port', '0', '--admin-port', '0', '--data-dir', dataDir, '--sync', 'never'], { KV_LOG_LEVEL: 'info' });
    const started = await server.waitForLog(isStartLine);
    expect(started).toMatchObject({ level: 'info', dataDir, msg: expect.stringMatching(/^kv-server \S+ serving clients at ws:\/\/127\.0\.0\.1:\d+/) });
    const adminUrl = String(started['adminUrl']);
    firstGeneration = Number(started['generation']);
    nodeId = String(started['node']);

    const health = await fetch(`${adminUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', node: nodeId, generation: firstGeneration, membersUp: 1, membersDown: 0, hintsPending: 0 });

    const client = await connect({ nodes: [String(started['url'])], timeoutMs: 5_000 });
    try {
      await client.put('hello', 'world');
      const read = await client.get('hello');
      expect(read.kind === 'value' && read.value).toBe('world');
    } finally {
      await client.close();
    }

    const metrics = await fetch(`${adminUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toContain('kv_process_cpu_user_seconds_total');
    expect(text).toContain('kv_nodejs_eventloop_lag_seconds');
    expect(text).toMatch(/kv_requests_total\{[^}]*op="put"/);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const messages = server.stdout.map((line) => JSON.parse(line).msg);
    expect(messages).toEqual(expect.arrayContaining(['SIGTERM: shutting down', 'kv-server stopping', 'kv-server stopped']));
  });

  it('restarted on the same data dir keeps its id, takes a new generation and still has the data', async () => {
    const server = start(['--port', '0', '--admin-port', '0', '--data-dir', dataDir, '--sync', 'never']);
    const started = await server.waitForLog(isStartLine);
    expect(started['node']).toBe(nodeId);
    expect(Number(started['generation'])).toBeGreaterThan(firstGeneration);
    const client = await connect({ nodes: [String(started['url'])], timeoutMs: 5_000 });
    try {
      const read = await client.get('hello');
      expect(read.kind === 'value' && read.value).toBe('world');
    } finally {
      await client.close();
    }
    server.child.kill('SIGINT');
    expect((await server.exited).code).toBe(0);
  });

  it('a bad flag: one line on stderr, no stack, exit 2', async () => {
    const server = start(['--port', '99999']);
    expect((await server.exited).code).toBe(2);
    expect(server.stderr()).toBe('kv-server: error BAD_CONFIG: --port: expected a port, an integer in 0..65535 (0 picks a free one), got "99999" (see kv-server --help)\n');
  });

  it('an admin port in use: one line with the code, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const server = start(['--port', '0', '--admin-port', String(port), '--data-dir', path.join(dataDir, 'other'), '--log-level', 'silent']);
      expect((await server.exited).code).toBe(1);
      expect(server.stderr()).toBe(`kv-server: error EADDRINUSE: admin port ${port} on 127.0.0.1 is in use (--admin-port)\n`);
    } finally {
      blocker.close();
    }
  });
});
