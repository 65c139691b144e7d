// The admin HTTP endpoints against a fake node: /health is 200 while ok or degraded and 503
// while stopping (so a load balancer drains the node), /metrics is the registry's Prometheus text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import type { NodeHealth } from '@kv/node';
import { startAdminServer, type AdminServer, type AdminTarget } from '../src/admin-server.js';

function fakeNode(): { target: AdminTarget; setStatus(status: NodeHealth['status']): void; fail(on: boolean): void } {
  const metrics = new Registry();
  const requests = new Counter({ name: 'kv_requests_total', help: 'requests by op', labelNames: ['op'], registers: [metrics] });
  requests.inc({ op: 'get' }, 3);
  let status: NodeHealth['status'] = 'ok';
  let failing = false;
  const target: AdminTarget = {
    metrics,
    health: () => {
      if (failing) throw new Error('health exploded');
      return { status, node: 'n1', generation: 7, membersUp: 3, membersDown: 0, hintsPending: 2 };
    },
  };
  return { target, setStatus: (next) => (status = next), fail: (on) => (failing = on) };
}

describe('admin server', () => {
  const node = fakeNode();
  let admin: AdminServer;

  beforeAll(async () => {
    admin = await startAdminServer(node.target, '127.0.0.1', 0);
  });
  afterAll(async () => {
    await admin.close();
  });

  it('binds a free port for port 0 and reports its URL', () => {
    expect(admin.port).toBeGreaterThan(0);
    expect(admin.url).toBe(`http://127.0.0.1:${admin.port}`);
  });

  it('GET /health answers the node health as JSON, 200 when ok or degraded', async () => {
    for (const status of ['ok', 'degraded'] as const) {
      node.setStatus(status);
      const response = await fetch(`${admin.url}/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ status, node: 'n1', generation: 7, membersUp: 3, membersDown: 0, hintsPending: 2 });
    }
  });

  it('GET /health is 503 while the node is stopping', async () => {
    node.setStatus('stopping');
    const response = await fetch(`${admin.url}/health?verbose=1`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'stopping' });
    node.setStatus('ok');
  });

  it('GET /health is 500 with the reason when health() throws', async () => {
    node.fail(true);
    const response = await fetch(`${admin.url}/health`);
    node.fail(false);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ status: 'error', error: 'health exploded' });
  });

  it('GET /metrics answers the registry in the Prometheus text format', async () => {
    const response = await fetch(`${admin.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(node.target.metrics.contentType);
    const text = await response.text();
    expect(text).toContain('# TYPE kv_requests_total counter');
    expect(text).toContain('kv_requests_total{op="get"} 3');
  });

  it('HEAD answers headers only', async () => {
    const response = await fetch(`${admin.url}/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('404 for other paths, 405 for other methods', async () => {
    const missing = await fetch(`${admin.url}/status`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found', endpoints: ['/health', '/metrics'] });
    const post = await fetch(`${admin.url}/health`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a port in use with EADDRINUSE and the flag to change', async () => {
    const error = await startAdminServer(node.target, '127.0.0.1', admin.port).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EADDRINUSE', message: `admin port ${admin.port} on 127.0.0.1 is in use (--admin-port)` });
  });
});
