// KvClient: the SDK's face. It turns get/put/delete/status/ring into calls, checks them before
// anything is sent, and moves each call along: sent at once when the connection is open and
// the pipeline has room, else queued (bounded: OVERLOADED past queuedMax) until the Dialer has
// a connection or a reply frees a slot. Every call has one deadline, counted from the moment
// the application asked; the node gets the remaining budget as its own timeoutMs, and the
// client waits replyGraceMs longer so the node's TIMEOUT, with its receipt, normally arrives
// first. Connection and reconnect mechanics live in Connection and Dialer.
import { KvError } from '@kv/protocol';
import type { GetReplyMessage, Key, Receipt, ServerMessage, WelcomeMessage, WriteReplyMessage } from '@kv/protocol';
import { Call, isAdminOp, type RequestBody } from './call.js';
import { monotonicNowMs } from './clock.js';
import { timedOutInFlight } from './errors.js';
import { checkFitsNode, type Connection } from './connection.js';
import { Dialer } from './dialer.js';
import type { ClientEvent, EventListener } from './events.js';
import { NodeList } from './node-list.js';
import { definedOnly, type ResolvedOptions } from './options.js';
import type { DeleteOptions, GetOptions, PutOptions, RequestOptions } from './request-options.js';
import { checkConsistency, checkContext, checkKey, checkKeyspace, checkSloppy, checkTimeoutMs } from './request-validation.js';
import { resolveGetResult, stripEnvelope, toGetResult, toPutResult } from './results.js';
import type { DeleteResult, GetResult, PutResult, ResolvedGetResult, Resolver, RingReport, StatusReport } from './results.js';
import type { SocketFactory } from './socket.js';
import { newTrafficCounters, type ClientStats, type TrafficCounters } from './stats.js';
import { decodeAppValue, encodeAppValue, type ValueMode } from './value-codec.js';
import { WaitQueue } from './wait-queue.js';

export class KvClient {
  private readonly queue: WaitQueue;
  private readonly dialer: Dialer;
  private readonly counters: TrafficCounters = newTrafficCounters();
  private readonly nodeList: NodeList;
  /** The last welcome seen: its limits check calls made while the client redials. */
  private lastWelcome: WelcomeMessage | undefined;
  private closed = false;
  private readyWaiters: { resolve(): void; reject(error: KvError): void }[] = [];

  constructor(
    private readonly options: ResolvedOptions,
    openSocket: SocketFactory,
  ) {
    this.queue = new WaitQueue(options.queuedMax);
    this.nodeList = new NodeList(options.nodes, options.nodesMax);
    const config = { ...options, ...options.reconnect, counters: this.counters };
    this.dialer = new Dialer(this.nodeList, openSocket, config, {
      onOpen: (connection) => this.opened(connection),
      onGiveUp: (error) => this.gaveUp(error),
      onSlotsFreed: (connection) => this.pump(connection),
      onEvent: (event) => notify(options.onEvent, event),
    });
  }

  /** Reads `key`: a union of missing, one value or a conflict (handle each), with context and receipt. */
  get<T = unknown>(key: Key, options: GetOptions & { readonly resolve: Resolver<T> }): Promise<ResolvedGetResult<T>>;
  get(key: Key, options: GetOptions & { readonly raw: true }): Promise<GetResult<Uint8Array>>;
  get<T = unknown>(key: Key, options?: GetOptions): Promise<GetResult<T>>;
  async get<T>(key: Key, options: GetOptions & { readonly resolve?: Resolver<T> } = {}): Promise<GetResult<T> | ResolvedGetResult<T>> {
    const { r = this.options.r, timeoutMs = this.options.timeoutMs, keyspace, sloppy, resolve } = options;
    checkKey('get', key);
    checkConsistency('get', 'r', r);
    checkCommon('get', timeoutMs, keyspace, sloppy);
    const mode = this.valueMode(options.raw);
    const body = { t: 'get', key, ...definedOnly({ r, keyspace, sloppy }) } as const;
    const result = await this.request(body, timeoutMs, (reply) => {
      const got = reply as GetReplyMessage;
      return toGetResult(got, got.values.map((bytes) => decodeAppValue(bytes, mode, 'get') as T));
    });
    return resolve === undefined ? result : resolveGetResult(result, resolve);
  }

  /** Writes `value` under `key`. With a read's `context` it supersedes what that read saw; without, it adds a sibling. */
  async put(key: Key, value: unknown, options: PutOptions = {}): Promise<PutResult> {
    const { w = this.options.w, timeoutMs = this.options.timeoutMs, keyspace, sloppy, context } = options;
    checkKey('put', key);
    checkConsistency('put', 'w', w);
    checkContext('put', context);
    checkCommon('put', timeoutMs, keyspace, sloppy);
    const bytes = encodeAppValue(value, this.valueMode(options.raw));
    const body = { t: 'put', key, value: bytes, ...definedOnly({ context, w, keyspace, sloppy }) } as const;
    return this.request(body, timeoutMs, (reply) => toPutResult(reply as WriteReplyMessage));
  }

  /**
   * Deletes `key` (a tombstone superseding what `context`'s read saw). Without a context the SDK
   * first reads the key (r: options.r, default quorum) and deletes what that read saw; both
   * share the one timeoutMs.
   */
  async delete(key: Key, options: DeleteOptions = {}): Promise<DeleteResult> {
    const { w = this.options.w, timeoutMs = this.options.timeoutMs, keyspace, sloppy } = options;
    checkKey('delete', key);
    checkConsistency('delete', 'w', w);
    checkConsistency('delete', 'r', options.r);
    checkContext('delete', options.context);
    checkCommon('delete', timeoutMs, keyspace, sloppy);
    let context: string | undefined = options.context;
    let readReceipt: Receipt | undefined;
    let budgetMs = timeoutMs;
    if (context === undefined) {
      const startedMs = monotonicNowMs();
      const read = await this.get(key, { r: options.r ?? 'quorum', timeoutMs, raw: true, ...definedOnly({ keyspace, sloppy }) });
      ({ context, receipt: readReceipt } = read);
      budgetMs = Math.floor(timeoutMs - (monotonicNowMs() - startedMs));
      if (budgetMs < 1) throw new KvError('TIMEOUT', `delete: the read for its context used all of timeoutMs ${timeoutMs}; nothing was deleted`);
    }
    const body = { t: 'delete', key, context, ...definedOnly({ w, keyspace, sloppy }) } as const;
    const done = await this.request(body, budgetMs, (reply) => toPutResult(reply as WriteReplyMessage));
    return readReceipt === undefined ? done : { ...done, readReceipt };
  }

  /** Admin: the connected node's view of the cluster. */
  async status(options: RequestOptions = {}): Promise<StatusReport> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    checkTimeoutMs('status', timeoutMs);
    return this.request({ t: 'status' }, timeoutMs, (reply) => stripEnvelope(reply as ServerMessage & { t: 'status-reply' }));
  }

  /**
   * Admin: starts an anti-entropy repair round on the connected node now (every replica group it
   * is in, with every other member); resolves with the exchanges it will run. Progress is in
   * `status().antiEntropy.round`.
   */
  async repair(options: RequestOptions = {}): Promise<{ readonly pairsTotal: number }> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    checkTimeoutMs('repair', timeoutMs);
    return this.request({ t: 'repair' }, timeoutMs, (reply) => stripEnvelope(reply as ServerMessage & { t: 'repair-reply' }));
  }

  /** Admin: the ring's owners and their shares. */
  async ring(options: RequestOptions = {}): Promise<RingReport> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    checkTimeoutMs('ring', timeoutMs);
    return this.request({ t: 'ring' }, timeoutMs, (reply) => stripEnvelope(reply as ServerMessage & { t: 'ring-reply' }));
  }

  /** Closes the connection and stops redialing. Calls waiting or in flight fail with CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.queue.drain()) call.fail(new KvError('CLOSED', `${call.op}: the client was closed; nothing was sent`));
    this.settleReady(new KvError('CLOSED', 'connect: the client was closed'));
    await this.dialer.close('the client was closed');
  }

  /** The node the client is connected to now, if any. */
  get connection(): { readonly url: string; readonly node: string; readonly cluster: string } | undefined {
    const connection = this.openConnection();
    const welcome = connection?.welcome;
    return connection === undefined || welcome === undefined ? undefined : { url: connection.url, node: welcome.node, cluster: welcome.cluster };
  }

  /** The node URLs the client dials in turn: the listed ones, then those learned from welcomes. */
  get nodes(): readonly string[] {
    return this.nodeList.all;
  }

  stats(): ClientStats {
    return { ...this.counters, inFlight: this.openConnection()?.inFlight ?? 0, queued: this.queue.size, connects: this.dialer.connects };
  }

  /** Starts dialing; resolves at the first welcome, rejects when the Dialer gives up. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new KvError('CLOSED', 'connect: the client was closed'));
    if (this.openConnection() !== undefined) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    this.dialer.start();
    return ready;
  }

  private request<R>(body: RequestBody, timeoutMs: number, convert: (reply: ServerMessage) => R): Promise<R> {
    if (this.closed) return Promise.reject(new KvError('CLOSED', `${body.t}: the client is closed`));
    const connection = this.openConnection();
    const sendNow = connection !== undefined && this.queue.size === 0 && !connection.pipelineFull;
    // A call that must wait is checked against the last node's limits now; the connection checks again when it sends.
    if (!sendNow && this.lastWelcome !== undefined) checkFitsNode(body, this.lastWelcome);
    return new Promise<R>((resolve, reject) => {
      const call = new Call(body, timeoutMs, monotonicNowMs() + timeoutMs, convert, resolve as (result: unknown) => void, reject);
      call.timer = setTimeout(() => this.expire(call), timeoutMs);
      if (sendNow) return this.send(call, connection);
      if (this.queue.full) return call.fail(new KvError('OVERLOADED', `${body.t}: ${this.queue.size} calls already wait (queuedMax); nothing was sent`));
      this.queue.push(call);
      this.dialer.start();
    });
  }

  private send(call: Call, connection: Connection): void {
    const remainingMs = Math.ceil(call.deadlineMs - monotonicNowMs());
    if (remainingMs < 1) return this.expire(call);
    connection.send(call, isAdminOp(call.op) ? undefined : remainingMs);
  }

  /** The call's deadline passed (or, once sent, its reply grace too). */
  private expire(call: Call): void {
    if (call.state === 'waiting') {
      this.queue.delete(call);
      const waitedFor = this.openConnection() === undefined ? 'a connection' : 'a pipeline slot';
      const last = this.dialer.lastError === undefined ? '' : ` (last: ${this.dialer.lastError.message})`;
      const code = waitedFor === 'a connection' ? 'UNAVAILABLE' : 'TIMEOUT';
      return call.fail(new KvError(code, `${call.op}: waited ${call.timeoutMs} ms for ${waitedFor}; nothing was sent${last}`));
    }
    if (call.state !== 'sent') return;
    const graceMs = this.options.replyGraceMs;
    if (!call.inGrace && graceMs > 0 && !isAdminOp(call.op)) {
      call.inGrace = true;
      call.timer = setTimeout(() => this.expire(call), graceMs);
      return;
    }
    const connection = this.openConnection();
    call.fail(timedOutInFlight(call.op, call.timeoutMs));
    connection?.abandon(call);
  }

  private opened(connection: Connection): void {
    this.lastWelcome = connection.welcome;
    this.settleReady(undefined);
    this.pump(connection);
  }

  /** Sends waiting calls, oldest first, while the pipeline has room. */
  private pump(connection: Connection): void {
    while (connection.state === 'open' && !connection.pipelineFull) {
      const call = this.queue.shift();
      if (call === undefined) return;
      this.send(call, connection);
    }
  }

  private gaveUp(error: KvError): void {
    const failure = new KvError(error.code === 'VERSION_MISMATCH' ? error.code : 'UNAVAILABLE', `no node of ${this.nodeList.all.join(', ')} welcomed the client (last: ${error.message})`, { cause: error });
    this.settleReady(failure);
    for (const call of this.queue.drain()) call.fail(new KvError(failure.code, `${call.op}: ${failure.message}; nothing was sent`, { cause: error }));
  }

  private settleReady(error: KvError | undefined): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private openConnection(): Connection | undefined {
    const connection = this.dialer.connection;
    return connection?.state === 'open' ? connection : undefined;
  }

  private valueMode(raw: boolean | undefined): ValueMode {
    return raw === undefined ? this.options.values : raw ? 'raw' : 'cbor';
  }
}

/**
 * Calls the application's listener. A listener that throws must not leave a connection half
 * torn down, so its error is rethrown on its own (an uncaught exception, as an EventEmitter's).
 */
function notify(listener: EventListener, event: ClientEvent): void {
  try {
    listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function checkCommon(op: string, timeoutMs: unknown, keyspace: unknown, sloppy: unknown): void {
  checkTimeoutMs(op, timeoutMs);
  checkKeyspace(op, keyspace);
  checkSloppy(op, sloppy);
}
