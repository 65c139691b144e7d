// Resolved options: NodeOptions with every default filled in and every value checked. A bad
// option is a KvError BAD_REQUEST naming the option, thrown before anything is opened.
import type { Consistency } from '@kv/protocol';
import { KvError, protocolLimits } from '@kv/protocol';
import { nodeDefaults } from './node-defaults.js';
import type { Logger, NodeOptions, SyncPolicy } from './node-options.js';

export interface ResolvedOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly advertiseHost: string;
  readonly nodeId: string | undefined;
  readonly zone: string | undefined;
  readonly weight: number;
  readonly seeds: readonly string[];
  readonly cluster: string;
  readonly secret: string;
  readonly secretIsDefault: boolean;
  readonly n: number;
  readonly r: Consistency;
  readonly w: Consistency;
  readonly maxPairBytes: number;
  readonly requestTimeoutMs: number;
  readonly syncPolicy: SyncPolicy;
  readonly cacheBytes: number;
  readonly memtableBytes: number;
  readonly gossipIntervalMs: number;
  readonly antiEntropyIntervalMs: number;
  readonly tombstoneGraceMs: number;
  readonly clientConnectionsMax: number;
  readonly requestsInFlightMax: number;
  readonly connectionRequestsMax: number;
  readonly clientFrameBytesMax: number;
  readonly peerFrameBytesMax: number;
  readonly socketBufferBytesMax: number;
  readonly logger: Logger;
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function bad(message: string): never {
  throw new KvError('BAD_REQUEST', message);
}

function integer(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) bad(`option ${name} must be an integer in ${min}..${max}, got ${String(v)}`);
  return v;
}

function consistency(name: string, value: Consistency | undefined, fallback: Consistency, n: number): Consistency {
  const v = value ?? fallback;
  if (typeof v === 'number') return integer(name, v, v, 1, n);
  if (v === 'one' || v === 'quorum' || v === 'all' || v === 'local_quorum') return v;
  return bad(`option ${name} must be a replica count or one, quorum, all, local_quorum; got ${JSON.stringify(v)}`);
}

function seedList(seeds: readonly string[] | undefined): readonly string[] {
  const list = seeds ?? [];
  if (!Array.isArray(list)) bad('option seeds must be an array of ws:// URLs');
  for (const seed of list) {
    if (typeof seed !== 'string' || !/^wss?:\/\/[^/\s]+$/.test(seed)) bad(`seed ${JSON.stringify(seed)} must be a ws://host:port URL`);
  }
  return list;
}

export function resolveOptions(options: NodeOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) bad('options must be an object');
  if (typeof options.dataDir !== 'string' || options.dataDir.length === 0) bad('option dataDir is required');
  const seeds = seedList(options.seeds);
  const n = integer('n', options.n, seeds.length === 0 ? nodeDefaults.nAlone : nodeDefaults.n, 1, protocolLimits.replicasMax);
  const syncPolicy = options.syncPolicy ?? nodeDefaults.syncPolicy;
  if (syncPolicy !== 'always' && syncPolicy !== 'never' && !(typeof syncPolicy === 'object' && Number.isSafeInteger(syncPolicy.intervalMs) && syncPolicy.intervalMs > 0)) {
    bad(`option syncPolicy must be 'always', 'never' or { intervalMs > 0 }`);
  }
  const host = options.host ?? nodeDefaults.host;
  const weight = options.weight ?? nodeDefaults.weight;
  if (!(Number.isFinite(weight) && weight > 0)) bad(`option weight must be a number > 0, got ${String(weight)}`);
  const cluster = options.cluster ?? nodeDefaults.cluster;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(cluster)) bad('option cluster must be 1..64 of A-Z a-z 0-9 . _ -');
  const secret = options.secret ?? nodeDefaults.secret;
  if (typeof secret !== 'string' || secret.length < 8) bad('option secret must be a string of at least 8 characters');
  return {
    dataDir: options.dataDir,
    host,
    port: integer('port', options.port, nodeDefaults.port, 0, 65_535),
    advertiseHost: options.advertiseHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host),
    nodeId: options.nodeId,
    zone: options.zone,
    weight,
    seeds,
    cluster,
    secret,
    secretIsDefault: options.secret === undefined,
    n,
    r: consistency('r', options.r, nodeDefaults.r, n),
    w: consistency('w', options.w, nodeDefaults.w, n),
    maxPairBytes: integer('maxPairBytes', options.maxPairBytes, nodeDefaults.maxPairBytes, 2, 512 * 1024),
    requestTimeoutMs: integer('requestTimeoutMs', options.requestTimeoutMs, nodeDefaults.requestTimeoutMs, 1, protocolLimits.timeoutMsMax),
    syncPolicy,
    cacheBytes: integer('cacheBytes', options.cacheBytes, nodeDefaults.cacheBytes, 0, 2 ** 40),
    memtableBytes: integer('memtableBytes', options.memtableBytes, nodeDefaults.memtableBytes, 64 * 1024, 2 ** 32),
    gossipIntervalMs: integer('gossipIntervalMs', options.gossipIntervalMs, nodeDefaults.gossipIntervalMs, 10, 60_000),
    antiEntropyIntervalMs: integer('antiEntropyIntervalMs', options.antiEntropyIntervalMs, nodeDefaults.antiEntropyIntervalMs, 10, 86_400_000),
    tombstoneGraceMs: integer('tombstoneGraceMs', options.tombstoneGraceMs, nodeDefaults.tombstoneGraceMs, 0, 10 * 365 * 86_400_000),
    clientConnectionsMax: integer('clientConnectionsMax', options.clientConnectionsMax, nodeDefaults.clientConnectionsMax, 1, 1_000_000),
    requestsInFlightMax: integer('requestsInFlightMax', options.requestsInFlightMax, nodeDefaults.requestsInFlightMax, 1, 1_000_000),
    connectionRequestsMax: integer('connectionRequestsMax', options.connectionRequestsMax, nodeDefaults.connectionRequestsMax, 1, 1_000_000),
    clientFrameBytesMax: integer('clientFrameBytesMax', options.clientFrameBytesMax, nodeDefaults.clientFrameBytesMax, 16 * 1024, 2 ** 30),
    peerFrameBytesMax: integer('peerFrameBytesMax', options.peerFrameBytesMax, nodeDefaults.peerFrameBytesMax, 64 * 1024, 2 ** 30),
    socketBufferBytesMax: integer('socketBufferBytesMax', options.socketBufferBytesMax, nodeDefaults.socketBufferBytesMax, 64 * 1024, 2 ** 32),
    logger: options.logger ?? silent,
  };
}
