// Cluster locator: where `kv` finds a cluster when it is not told. In order: `--url`, then the
// KV_URL environment variable, then the cluster.json the local cluster launcher writes
// (`./.kv-data/local-cluster/cluster.json`, every node of it), then the single-node default
// `ws://127.0.0.1:7070`. The source is kept so a connection error can say where the URLs came from.
import path from 'node:path';
import { parseUrls } from './cli-arguments.js';

export const defaultUrl = 'ws://127.0.0.1:7070';
export const clusterFilePath = path.join('.kv-data', 'local-cluster', 'cluster.json');

export interface LocatedCluster {
  readonly urls: readonly string[];
  /** Where the URLs came from, for messages: `--url`, `KV_URL`, the cluster.json path, or `default`. */
  readonly source: string;
  /** Something worth telling the user (an unreadable cluster.json that was skipped). */
  readonly warning?: string;
}

export interface LocateInput {
  readonly urlFlags: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Reads a file's text; throws (ENOENT) when it is missing. */
  readonly readFile: (file: string) => string;
}

export function locateCluster(input: LocateInput): LocatedCluster {
  if (input.urlFlags !== undefined && input.urlFlags.length > 0) return { urls: parseUrls(input.urlFlags, '--url'), source: '--url' };
  const fromEnv = input.env['KV_URL'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { urls: parseUrls([fromEnv], 'KV_URL'), source: 'KV_URL' };
  const file = path.resolve(input.cwd, clusterFilePath);
  const found = readClusterFile(file, input.readFile);
  if (found.urls.length > 0) return { urls: found.urls, source: path.relative(input.cwd, file) };
  return { urls: [defaultUrl], source: 'default', ...(found.warning === undefined ? {} : { warning: found.warning }) };
}

function readClusterFile(file: string, readFile: (file: string) => string): { urls: string[]; warning?: string } {
  let text: string;
  try {
    text = readFile(file);
  } catch {
    return { urls: [] };
  }
  try {
    const parsed = JSON.parse(text) as { nodes?: readonly { url?: unknown }[] };
    const urls = (parsed.nodes ?? []).map((node) => node.url).filter((url): url is string => typeof url === 'string');
    return { urls: parseUrls(urls, file) };
  } catch (error) {
    return { urls: [], warning: `ignoring ${file}: ${(error as Error).message}` };
  }
}
