// startServer in-process: the node, its admin server and process metrics come up together, the
// startup line carries what an operator needs, and close() is idempotent and takes both down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer, type KvServer } from '../src/server.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kv-start-server-'));
let server: KvServer | undefined;

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('starts node + admin, logs the URLs as JSON, and close() stops both (twice is fine)', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = resolveConfig(['--port', '0', '--admin-port', '0', '--data-dir', dataDir, '--sync', 'never'], {}, () => '', { cwd: dataDir });
    server = await startServer(config, { logger });
    expect(server.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const started = lines.find((line) => line['adminUrl'] !== undefined);
    expect(started).toMatchObject({ level: 'info', node: server.node.id, url: server.node.url, adminUrl: server.adminUrl, dataDir, pid: process.pid });
    expect(typeof started?.['time']).toBe('string');

    const health = await fetch(`${server.adminUrl}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', node: server.node.id, membersUp: 1 });
    expect(await server.node.metrics.metrics()).toContain('kv_process_resident_memory_bytes');

    await Promise.all([server.close(), server.close()]);
    await server.node.closed;
    await expect(fetch(`${server.adminUrl}/health`)).rejects.toThrow();
    expect(lines.map((line) => line['msg'])).toEqual(expect.arrayContaining(['kv-server stopping', 'kv-server stopped']));
    expect(lines.filter((line) => line['msg'] === 'kv-server stopped')).toHaveLength(1);
  });
});
