// CLI arguments: the parsers behind `kv`'s option values — consistency levels, timeouts and
// node URLs — each turning a string into a checked value or a UsageError that names the flag.
import type { Consistency } from '@kv/protocol';
import { UsageError } from './usage-error.js';

const levelNames = ['one', 'quorum', 'all', 'local_quorum'] as const;

/** `2`, `one`, `quorum`, `all`, `local_quorum` (a count is 1..16, the protocol's most replicas). */
export function parseLevel(text: string, flag: string): Consistency {
  const trimmed = text.trim().toLowerCase();
  if ((levelNames as readonly string[]).includes(trimmed)) return trimmed as Consistency;
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count >= 1 && count <= 16) return count;
  }
  throw new UsageError(`${flag} must be a replica count 1..16 or one of ${levelNames.join(', ')}, got ${JSON.stringify(text)}`);
}

/** A request timeout in ms, 1..60 000 (the protocol's longest). */
export function parseTimeoutMs(text: string, flag = '--timeout-ms'): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > 60_000) throw new UsageError(`${flag} must be an integer in 1..60000, got ${JSON.stringify(text)}`);
  return value;
}

/** Node URLs from `--url` (repeatable, each maybe a comma list) or KV_URL: ws:// or wss://, normalised. */
export function parseUrls(values: readonly string[], where: string): string[] {
  const urls = values.flatMap((value) => value.split(',')).map((part) => part.trim()).filter((part) => part.length > 0);
  return urls.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError(`${where}: ${JSON.stringify(text)} is not a URL (expected ws://host:port)`);
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      const hint = url.protocol === 'http:' || url.protocol === 'https:' ? ' (that looks like an admin URL; clients use the ws:// port)' : '';
      throw new UsageError(`${where}: ${JSON.stringify(text)} is not a ws:// or wss:// URL${hint}`);
    }
    return url.pathname === '/' ? `${url.protocol}//${url.host}` : url.href;
  });
}

/** Collects a repeatable option's values (commander's argParser). */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
