// Admin server: kv-server's small HTTP side door for operators and Prometheus. `GET /health`
// answers the node's health as JSON (200 while ok or degraded, 503 while stopping, so a load
// balancer drains it); `GET /metrics` answers the node's prom-client registry in the Prometheus
// text format. Anything else is 404 (405 for another method on a known path). It is plain
// node:http: two read-only endpoints need no framework.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KvNode } from '@kv/node';

/** What the admin endpoints need of a node (a fake in tests). */
export type AdminTarget = Pick<KvNode, 'health' | 'metrics'>;

export interface AdminServer {
  /** http://host:port with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const endpoints = ['/health', '/metrics'];

/** The request handler, separate from listening so tests can drive it on any server. */
export function createAdminHandler(target: AdminTarget): http.RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://admin').pathname;
    if (!endpoints.includes(path)) return sendJson(response, 404, { error: 'not found', endpoints });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return sendJson(response, 405, { error: `method ${request.method ?? ''} not allowed` });
    }
    if (path === '/health') return sendHealth(target, response);
    void sendMetrics(target, response);
  };
}

function sendHealth(target: AdminTarget, response: http.ServerResponse): void {
  try {
    const health = target.health();
    sendJson(response, health.status === 'stopping' ? 503 : 200, health);
  } catch (error) {
    sendJson(response, 500, { status: 'error', error: (error as Error).message });
  }
}

async function sendMetrics(target: AdminTarget, response: http.ServerResponse): Promise<void> {
  try {
    const text = await target.metrics.metrics();
    send(response, 200, target.metrics.contentType, text);
  } catch (error) {
    send(response, 500, 'text/plain; charset=utf-8', `metrics failed: ${(error as Error).message}\n`);
  }
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function send(response: http.ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

/** An error that says which admin address could not be bound, keeping the errno code (EADDRINUSE…). */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const why = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EACCES' ? 'is not permitted' : `failed: ${error.message}`;
  return Object.assign(new Error(`admin port ${port} on ${host} ${why} (--admin-port)`, { cause: error }), { code: error.code ?? 'INTERNAL' });
}

/** Starts the admin HTTP server on host:port (0 picks a free port). */
export async function startAdminServer(target: AdminTarget, host: string, port: number): Promise<AdminServer> {
  const server = http.createServer(createAdminHandler(target));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, host, port)));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Brackets an IPv6 literal for use in a URL. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
