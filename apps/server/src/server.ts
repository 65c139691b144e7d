// Server: one kv node plus what makes it an operable process — the admin HTTP server, process
// metrics on the node's registry, and lifecycle logs. `startServer` is what the kv-server bin
// runs and what tests and benches call to get the same thing in-process.
import { collectDefaultMetrics } from 'prom-client';
import { startNode, type KvNode } from '@kv/node';
import { startAdminServer } from './admin-server.js';
import { toNodeOptions, type ServerConfig } from './config.js';
import { createLogger, type ServerLogger } from './logger.js';

export interface KvServer {
  readonly node: KvNode;
  /** http://adminHost:adminPort, with the port actually bound. */
  readonly adminUrl: string;
  readonly logger: ServerLogger;
  /** Closes the node (answering or failing what is in flight), then the admin server. Idempotent. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** Where logs go (default: a JSON logger on stdout at config.logLevel). */
  readonly logger?: ServerLogger;
}

/** Prefix of the process metrics (CPU, memory, event loop lag, GC) added to the node's registry. */
export const processMetricsPrefix = 'kv_';

/** Starts the node and its admin server; on failure nothing is left running. */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<KvServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const node = await startNode(toNodeOptions(config, logger));
  addProcessMetrics(node);
  let admin;
  try {
    admin = await startAdminServer(node, config.adminHost, config.adminPort);
  } catch (error) {
    await node.close().catch(() => undefined);
    throw error;
  }
  logger.info(
    { node: node.id, generation: node.generation, url: node.url, adminUrl: admin.url, dataDir: config.dataDir, seeds: config.seeds },
    `kv-server ${node.id} serving clients at ${node.url} (admin ${admin.url})`,
  );
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      logger.info({ node: node.id }, 'kv-server stopping');
      try {
        await node.close();
      } finally {
        await admin.close();
      }
      logger.info({ node: node.id }, 'kv-server stopped');
    })());
  return { node, adminUrl: admin.url, logger, close };
}

function addProcessMetrics(node: KvNode): void {
  if (node.metrics.getSingleMetric(`${processMetricsPrefix}process_cpu_seconds_total`) !== undefined) return;
  collectDefaultMetrics({ register: node.metrics, prefix: processMetricsPrefix });
}
