// The relay ceiling's servers: three relay-server.ts processes, each told the others' ports,
// linked to each other before the first request (relay-server.ts says what a relay does).
import { spawnServer } from './echo-target';

export interface RelayCluster {
  readonly urls: readonly string[];
  close(): Promise<void>;
}

export async function startRelayCluster(basePort: number, valueBytes: number, nodes = 3): Promise<RelayCluster> {
  const ports = Array.from({ length: nodes }, (_, i) => basePort + i);
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    for (const port of ports) {
      servers.push(await spawnServer('relay-server.ts', [String(port), String(valueBytes), ...ports.filter((p) => p !== port).map(String)], 'listening'));
    }
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('relays did not link within 10 s')), 10_000);
            server.child.stdout?.on('data', (text: string) => {
              if (!text.includes('linked')) return;
              clearTimeout(timer);
              resolve();
            });
            server.child.send('link');
          }),
      ),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { urls: ports.map((port) => `ws://127.0.0.1:${port}`), close };
}
