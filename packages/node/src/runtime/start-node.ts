// startNode: opens a node's data dir and brings it up — takes the next generation (durable
// before serving), opens the lsm store and the replica and hint stores over it, binds one port
// for clients (`/`) and peers (`/peer`), starts gossip through the seeds, and returns the handle
// (node-handle.ts). A storage failure after start is fatal: the node closes and `closed` resolves.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openLsm } from '@kv/lsm';
import type { ClientRequestMessage } from '@kv/protocol';
import { KvError, pairBytes } from '@kv/protocol';
import type { ClientReply } from '@kv/quorum';
import { WebSocketServer } from 'ws';
import { Durability } from '../durability.js';
import { LsmHintStore } from '../lsm-hint-store.js';
import { LsmReplicaStore } from '../lsm-replica-store.js';
import { nodeDefaults } from '../node-defaults.js';
import type { KvNode, NodeHealth, NodeStatus, RingStatus } from '../node-handle.js';
import type { NodeOptions } from '../node-options.js';
import { resolveOptions } from '../resolved-options.js';
import { wireReply } from '../wire-reply.js';
import type { ClientSession, SessionHost } from './client-session.js';
import { ClientSession as Session } from './client-session.js';
import type { NodeIdentity } from './node-identity.js';
import { takeNextGeneration, writeIdentity } from './node-identity.js';
import { NodeLoop } from './node-loop.js';
import { NodeMetrics } from './node-metrics.js';
import { NonceCache } from './nonce-cache.js';
import { acceptPeer } from './peer-acceptor.js';
import { monotonicNowMs } from './system-clock.js';

export async function startNode(options: NodeOptions): Promise<KvNode> {
  const o = resolveOptions(options);
  const logger = o.logger;
  // The store first: its LOCK keeps a second process off this data dir before anything changes.
  mkdirSync(o.dataDir, { recursive: true });
  const lsm = await openLsm(join(o.dataDir, 'store'), { syncPolicy: o.syncPolicy, blockCacheBytes: o.cacheBytes, memtableBytesMax: o.memtableBytes });
  let identity: NodeIdentity;
  try {
    identity = takeNextGeneration(o.dataDir, { nodeId: o.nodeId, cluster: o.cluster }, Date.now());
  } catch (error) {
    await lsm.close();
    throw error;
  }
  let fail: (error: unknown) => void = () => undefined;
  const durability = new Durability((error) => fail(error));
  const store = new LsmReplicaStore(lsm, durability);
  const hints = await LsmHintStore.open(lsm, durability);
  const metrics = new NodeMetrics({ node: identity.nodeId });

  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('kv speaks WebSocket here: ws:// (clients) and ws://…/peer (nodes)\n');
  });
  const clientWss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: o.clientFrameBytesMax * 4 });
  const peerWss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: o.peerFrameBytesMax });
  http.on('upgrade', (req, socket, head) => {
    const wss = req.url?.startsWith('/peer') ? peerWss : clientWss;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(o.port, o.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await lsm.close();
    const code = (error as { code?: string }).code;
    throw new KvError('IO_ERROR', `cannot listen on ${o.host}:${o.port}: ${code ?? String(error)}`, { cause: error });
  }
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${o.advertiseHost}:${port}`;

  const loop = new NodeLoop({
    identity,
    address: url,
    zone: o.zone,
    weight: o.weight,
    seeds: o.seeds.filter((seed) => seed !== url),
    secret: o.secret,
    n: o.n,
    r: o.r,
    w: o.w,
    requestTimeoutMs: o.requestTimeoutMs,
    requestsInFlightMax: o.requestsInFlightMax,
    gossipIntervalMs: o.gossipIntervalMs,
    suspicionTimeoutMs: o.gossipIntervalMs * nodeDefaults.suspicionRounds,
    antiEntropyIntervalMs: o.antiEntropyIntervalMs,
    tombstoneGraceMs: o.tombstoneGraceMs,
    store,
    hints,
    durability,
    peerLimits: {
      frameBytesMax: o.peerFrameBytesMax,
      queueMessagesMax: nodeDefaults.peerQueueMessagesMax,
      socketBufferBytesMax: o.socketBufferBytesMax,
      backoffMsMin: nodeDefaults.peerBackoffMsMin,
      backoffMsMax: nodeDefaults.peerBackoffMsMax,
    },
    logger,
    metrics,
    persistGeneration: (generation) => {
      identity = { ...identity, generation };
      writeIdentity(o.dataDir, identity);
    },
  });
  metrics.attach({
    lsm: () => lsm.stats(),
    replica: () => loop.replica.stats(),
    antiEntropy: () => loop.antiEntropy.stats(),
    hintsPending: () => hints.total(),
    members: () => loop.gossip.members(),
    peers: () => loop.peerCounters,
    requestsInFlight: () => loop.requestsWaiting,
    setCache: () => ({ hits: store.hits, misses: store.misses }),
  });

  const startedMs = monotonicNowMs();
  const sessions = new Set<ClientSession>();
  let closing: Promise<void> | undefined;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const status = (): NodeStatus => ({
    node: identity.nodeId,
    cluster: o.cluster,
    generation: loop.currentGeneration,
    uptimeMs: Math.round(monotonicNowMs() - startedMs),
    members: (() => {
      const heard = loop.lastHeardMs(monotonicNowMs());
      return loop.gossip.members().map((m) => {
        const lastHeardMs = m.id === identity.nodeId ? undefined : heard.get(m.id);
        return { id: m.id, url: m.address, status: m.status, generation: m.generation, ...(m.zone === undefined ? {} : { zone: m.zone }), ...(lastHeardMs === undefined ? {} : { lastHeardMs }) };
      });
    })(),
    hints: { ...loop.replica.stats().hintsByTarget },
    requestsInFlight: loop.requestsWaiting,
    keyspaces: { default: { n: o.n } },
    antiEntropy: (() => {
      const ae = loop.antiEntropy.stats();
      const round = ae.round;
      const nowMs = monotonicNowMs();
      return {
        groups: ae.groups,
        keys: ae.keys,
        exchangesCompleted: ae.exchangesCompleted,
        exchangesAborted: ae.exchangesAborted,
        setsSent: ae.setsSent,
        ...(round === undefined
          ? {}
          : { round: { pairsTotal: round.pairsTotal, pairsDone: round.pairsDone, finished: round.finishedAtMs !== undefined, elapsedMs: Math.max(0, Math.round((round.finishedAtMs ?? nowMs) - round.startedAtMs)) } }),
      };
    })(),
  });
  const ring = (): RingStatus => {
    const current = loop.currentRing;
    const shares = current.ownership(1);
    return {
      vnodes: current.tokenCount,
      owners: current.members.map((m) => ({ node: m.id, ...(m.zone === undefined ? {} : { zone: m.zone }), weight: m.weight, vnodes: m.tokenCount, share: shares.get(m.id) ?? 0 })),
    };
  };
  const health = (): NodeHealth => {
    const members = loop.gossip.members();
    const up = members.filter((m) => m.status === 'up').length;
    return {
      status: closing !== undefined ? 'stopping' : up === members.length ? 'ok' : 'degraded',
      node: identity.nodeId,
      generation: loop.currentGeneration,
      membersUp: up,
      membersDown: members.length - up,
      hintsPending: hints.total(),
    };
  };

  const serve = (session: ClientSession, request: ClientRequestMessage): void => {
    if (request.t === 'status') return session.reply({ t: 'status-reply', id: request.id, ...status() });
    if (request.t === 'ring') return session.reply({ t: 'ring-reply', id: request.id, ...ring() });
    if (request.t === 'repair') return session.reply({ t: 'repair-reply', id: request.id, pairsTotal: loop.repairNow() });
    const op = request.t;
    if (closing !== undefined) {
      metrics.requests.inc({ op, outcome: 'UNAVAILABLE' });
      return session.reply({ t: 'error', id: request.id, code: 'UNAVAILABLE', message: 'node is shutting down; use another node' });
    }
    if (request.t === 'put') {
      const bytes = pairBytes(request.key, request.value);
      if (bytes > o.maxPairBytes) {
        metrics.requests.inc({ op, outcome: 'PAIR_TOO_LARGE' });
        return session.reply({ t: 'error', id: request.id, code: 'PAIR_TOO_LARGE', message: `key + value is ${bytes} bytes, over maxPairBytes ${o.maxPairBytes}` });
      }
    }
    const started = monotonicNowMs();
    const common = {
      key: request.key,
      ...(request.keyspace === undefined ? {} : { keyspace: request.keyspace }),
      ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      ...(request.sloppy === undefined ? {} : { sloppy: request.sloppy }),
    };
    const quorumRequest =
      request.t === 'get'
        ? { op: 'get' as const, ...common, ...(request.r === undefined ? {} : { r: request.r }) }
        : request.t === 'put'
          ? { op: 'put' as const, ...common, value: request.value, ...(request.context === undefined ? {} : { context: request.context }), ...(request.w === undefined ? {} : { w: request.w }) }
          : { op: 'delete' as const, ...common, context: request.context, ...(request.w === undefined ? {} : { w: request.w }) };
    loop.submit(quorumRequest, (reply) => {
      record(op, reply, monotonicNowMs() - started);
      session.reply(wireReply(request.id, reply, identity.nodeId));
    });
    return undefined;
  };
  const record = (op: 'get' | 'put' | 'delete', reply: ClientReply<Uint8Array>, elapsedMs: number): void => {
    metrics.requests.inc({ op, outcome: reply.ok ? 'ok' : reply.error.code });
    metrics.requestSeconds.observe({ op }, elapsedMs / 1000);
    const receipt = reply.ok ? reply.receipt : reply.error.receipt;
    if (receipt !== undefined) {
      for (const ack of receipt.acks) metrics.acks.inc({ op, role: ack.role });
      if (receipt.hintsWritten.length > 0) metrics.hintedWrites.inc();
      if (receipt.divergent) metrics.divergentReads.inc();
      if (receipt.readRepairs.length > 0) metrics.readRepairs.inc({ when: 'before-reply' }, receipt.readRepairs.length);
    }
    if (reply.ok && reply.op === 'get') metrics.siblingsPerRead.observe(reply.values.length);
  };
  const host: SessionHost = {
    frameBytesMax: o.clientFrameBytesMax,
    connectionRequestsMax: o.connectionRequestsMax,
    socketBufferBytesMax: o.socketBufferBytesMax,
    metrics,
    welcome: () => ({
      node: identity.nodeId,
      cluster: o.cluster,
      frameBytesMax: o.clientFrameBytesMax,
      maxPairBytes: o.maxPairBytes,
      nodes: loop.gossip.members().filter((m) => m.status === 'up').map((m) => m.address),
    }),
    serve,
    log: (fields, message) => logger.debug(fields, message),
  };
  clientWss.on('connection', (ws, req) => {
    if (closing !== undefined || sessions.size >= o.clientConnectionsMax) {
      metrics.overloaded.inc({ where: 'connections' });
      ws.close(1013, closing !== undefined ? 'node is shutting down' : 'too many client connections');
      return;
    }
    const session = new Session(ws, host, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`);
    sessions.add(session);
    metrics.clientConnections.set(sessions.size);
    ws.on('close', () => {
      sessions.delete(session);
      metrics.clientConnections.set(sessions.size);
    });
  });
  const nonces = new NonceCache();
  peerWss.on('connection', (ws, req) => {
    acceptPeer(
      ws,
      {
        cluster: o.cluster,
        secret: o.secret,
        node: identity.nodeId,
        frameBytesMax: o.peerFrameBytesMax,
        nonces,
        generation: () => loop.currentGeneration,
        onGossip: (from, message) => loop.onGossip(from, message),
        onQuorum: (from, message) => loop.onQuorum(from, message),
        logger,
      },
      `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`,
    );
  });

  const shutdown = async (reason: 'close' | 'fatal'): Promise<void> => {
    if (reason === 'close') {
      const deadline = monotonicNowMs() + nodeDefaults.drainMsMax;
      while (loop.requestsWaiting > 0 && monotonicNowMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    loop.stop();
    for (const ws of clientWss.clients) ws.terminate();
    for (const ws of peerWss.clients) ws.terminate();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    if (reason === 'close') await loop.drainHeld();
    await lsm.close().catch((error: unknown) => logger.error({ err: String(error) }, 'closing the store failed'));
    logger.info({ node: identity.nodeId, reason }, 'node stopped');
    resolveClosed();
  };
  fail = (error) => {
    logger.error({ err: String(error), code: (error as { code?: string }).code }, 'storage write failed: the node stops');
    closing ??= shutdown('fatal');
  };

  if (o.secretIsDefault && o.seeds.length > 0) logger.warn({}, 'running a cluster with the development secret: set a secret (--secret / KV_SECRET)');
  loop.start();
  logger.info({ node: identity.nodeId, generation: identity.generation, url, dataDir: o.dataDir, n: o.n, seeds: o.seeds }, 'node started');

  return {
    id: identity.nodeId,
    get generation() {
      return loop.currentGeneration;
    },
    url,
    metrics: metrics.registry,
    health,
    status,
    ring,
    close: () => (closing ??= shutdown('close')),
    closed,
  };
}
