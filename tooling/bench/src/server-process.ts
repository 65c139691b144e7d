// The lifecycle every bench server process shares (echo-server.ts, relay-server.ts): print
// `listening <port>` once the server listens (the parent waits for it), and exit on SIGTERM,
// SIGINT or when the parent goes away (the IPC channel closes).
import type { WebSocketServer } from 'ws';

export function serveAsChild(server: WebSocketServer, port: number): void {
  server.on('listening', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address !== null ? address.port : port}`);
  });
  const stop = (): void => {
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
