// Config settings: the one table of kv-server knobs. Each row is a config-file key; its flag
// (`--max-pair-bytes`) and environment variable (`KV_MAX_PAIR_BYTES`) are derived from the key,
// so the three spellings cannot drift apart. The README's configuration table follows this file.
import type { Consistency } from '@kv/protocol';
import type { SyncPolicy } from '@kv/node';
import {
  bytesKind,
  clusterKind,
  consistencyKind,
  hostKind,
  idKind,
  intKind,
  logLevelKind,
  portKind,
  seedsKind,
  secretKind,
  syncKind,
  textKind,
  weightKind,
  type LogLevel,
  type ValueKind,
} from './config-values.js';

/** Everything kv-server runs with, after defaults, config file, environment and flags. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly advertiseHost?: string;
  /** Absolute path (a relative one is resolved against the working directory). */
  readonly dataDir: string;
  readonly nodeId?: string;
  readonly zone?: string;
  readonly weight?: number;
  readonly seeds: readonly string[];
  readonly cluster?: string;
  readonly secret?: string;
  readonly n?: number;
  readonly r?: Consistency;
  readonly w?: Consistency;
  readonly maxPairBytes?: number;
  readonly requestTimeoutMs?: number;
  readonly sync?: SyncPolicy;
  readonly cacheBytes?: number;
  readonly memtableBytes?: number;
  readonly gossipIntervalMs?: number;
  readonly antiEntropyIntervalMs?: number;
  readonly tombstoneGraceMs?: number;
  readonly adminHost: string;
  readonly adminPort: number;
  readonly logLevel: LogLevel;
}

export type SettingKey = keyof ServerConfig;

export interface Setting<T> {
  readonly kind: ValueKind<T>;
  /** The flag's value placeholder in --help (`<port>`). */
  readonly arg: string;
  readonly doc: string;
  /** The default as the README and --help show it. */
  readonly defaultText: string;
}

type SettingTable = { readonly [K in SettingKey]-?: Setting<NonNullable<ServerConfig[K]>> };

export const settings: SettingTable = {
  host: { kind: hostKind, arg: '<host>', defaultText: '127.0.0.1', doc: 'interface the client/peer WebSocket server listens on' },
  port: { kind: portKind, arg: '<port>', defaultText: '7070', doc: 'client and peer port (0 picks a free one)' },
  advertiseHost: { kind: hostKind, arg: '<host>', defaultText: 'host', doc: 'host other nodes and clients reach this node at' },
  dataDir: { kind: textKind, arg: '<dir>', defaultText: './.kv-data', doc: 'data directory (relative to the working directory)' },
  nodeId: { kind: idKind, arg: '<id>', defaultText: 'stored id, else random', doc: 'node id (kept in the data dir after the first start)' },
  zone: { kind: textKind, arg: '<zone>', defaultText: 'none', doc: 'datacenter/zone for zone-aware placement and local_quorum' },
  weight: { kind: weightKind, arg: '<weight>', defaultText: '1', doc: 'ring weight; vnodes are proportional to it' },
  seeds: { kind: seedsKind, arg: '<urls>', defaultText: 'none', doc: 'peer URLs to join through, comma-separated (none: a cluster of one)' },
  cluster: { kind: clusterKind, arg: '<name>', defaultText: 'kv', doc: 'cluster name; peers of another cluster are refused' },
  secret: { kind: secretKind, arg: '<secret>', defaultText: 'dev secret (warns)', doc: 'shared secret authenticating peers (8+ characters)' },
  n: { kind: intKind(1, 16), arg: '<n>', defaultText: '3 (1 without seeds)', doc: 'replicas per key' },
  r: { kind: consistencyKind, arg: '<level>', defaultText: 'quorum', doc: 'default read level: a number, one, quorum, all, local_quorum' },
  w: { kind: consistencyKind, arg: '<level>', defaultText: 'quorum', doc: 'default write level: a number, one, quorum, all, local_quorum' },
  maxPairBytes: { kind: bytesKind(2, 512 * 1024), arg: '<bytes>', defaultText: '10240', doc: 'largest key + value accepted' },
  requestTimeoutMs: { kind: intKind(1, 60_000), arg: '<ms>', defaultText: '2000', doc: 'default request timeout' },
  sync: { kind: syncKind, arg: '<policy>', defaultText: 'always', doc: 'commit log fsync: always, never, or every <ms>' },
  cacheBytes: { kind: bytesKind(1, 2 ** 40), arg: '<bytes>', defaultText: '64MiB', doc: 'block cache size' },
  memtableBytes: { kind: bytesKind(64 * 1024, 2 ** 32), arg: '<bytes>', defaultText: '16MiB', doc: 'memtable size before a flush' },
  gossipIntervalMs: { kind: intKind(10, 60_000), arg: '<ms>', defaultText: '500', doc: 'gossip round interval' },
  antiEntropyIntervalMs: { kind: intKind(10, 86_400_000), arg: '<ms>', defaultText: '10000', doc: 'how often a node starts an anti-entropy exchange' },
  tombstoneGraceMs: { kind: intKind(0, 10 * 365 * 86_400_000), arg: '<ms>', defaultText: '864000000', doc: 'purge a tombstone this old once every replica holds it (0: keep tombstones)' },
  adminHost: { kind: hostKind, arg: '<host>', defaultText: 'host', doc: 'interface of the admin HTTP server' },
  adminPort: { kind: portKind, arg: '<port>', defaultText: '8070', doc: 'admin HTTP port: /health, /metrics (0 picks a free one)' },
  logLevel: { kind: logLevelKind, arg: '<level>', defaultText: 'info', doc: 'log level: fatal, error, warn, info, debug, trace, silent' },
};

export const settingKeys = Object.keys(settings) as SettingKey[];

/** `maxPairBytes` → `--max-pair-bytes`. */
export function flagName(key: SettingKey): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** `maxPairBytes` → `KV_MAX_PAIR_BYTES`. */
export function envName(key: SettingKey): string {
  return `KV_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

/** Defaults for the settings that always have a value; the rest fall through to the node's defaults. */
export const serverDefaults = {
  host: '127.0.0.1',
  port: 7070,
  dataDir: './.kv-data',
  seeds: [] as readonly string[],
  adminPort: 8070,
  logLevel: 'info' as LogLevel,
} as const;
