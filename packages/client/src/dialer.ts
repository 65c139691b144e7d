// Dialer: keeps the client connected to some node. It dials the node list in rotation; a dial
// that fails (refused, no welcome in time, VERSION_MISMATCH) is retried at the next node after
// an exponential backoff with full jitter, and after attemptsMax failures in a row it gives up
// (the client fails its waiting calls and dials again on the next call). When an open
// connection is lost it redials at once-ish (backoff attempt 0) to the next node.
//
//   idle ──start()──▶ dialing ──welcome──▶ open ──lost──▶ backoff ──timer──▶ dialing
//                      │  ▲                                  ▲
//                      │  └────────── timer ─────────────────┤
//                      └── dial failed (< attemptsMax) ──────┘   (≥ attemptsMax: idle)
//   any ──close()──▶ closed
import type { KvError } from '@kv/protocol';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { Connection, type ConnectionConfig } from './connection.js';
import type { ClientEvent } from './events.js';
import type { NodeList } from './node-list.js';
import type { Random } from './random.js';
import type { SocketFactory } from './socket.js';

export type DialerState = 'idle' | 'dialing' | 'open' | 'backoff' | 'closed';

export interface DialerConfig extends ConnectionConfig, BackoffPolicy {
  readonly attemptsMax: number;
  readonly random: Random;
}

export interface DialerListener {
  onOpen(connection: Connection): void;
  /** attemptsMax dials failed in a row; `error` is the last one's. */
  onGiveUp(error: KvError): void;
  onSlotsFreed(connection: Connection): void;
  onEvent(event: ClientEvent): void;
}

export class Dialer {
  state: DialerState = 'idle';
  /** The open connection, when there is one. */
  connection: Connection | undefined;
  /** Welcomes received over the client's life (1 = never reconnected). */
  connects = 0;
  /** Why the last dial failed, or the last connection ended. */
  lastError: KvError | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly nodes: NodeList,
    private readonly openSocket: SocketFactory,
    private readonly config: DialerConfig,
    private readonly listener: DialerListener,
  ) {}

  /** Dials now if idle (first use, or after giving up). */
  start(): void {
    if (this.state !== 'idle') return;
    this.failures = 0;
    this.dial();
  }

  close(why: string): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = undefined;
    return connection === undefined ? Promise.resolve() : connection.close(why);
  }

  private dial(): void {
    this.state = 'dialing';
    const url = this.nodes.next();
    const candidate = new Connection(url, this.openSocket, this.config, {
      onWelcome: (connection) => this.welcomed(connection),
      onClosed: (connection, error, wasOpen) => this.ended(connection, error, wasOpen),
      onSlotsFreed: (connection) => this.listener.onSlotsFreed(connection),
      onEvent: (event) => this.listener.onEvent(event),
    });
    this.connection = candidate;
  }

  private welcomed(connection: Connection): void {
    if (this.state !== 'dialing' || connection !== this.connection) return;
    const welcome = connection.welcome;
    if (welcome === undefined) return;
    this.state = 'open';
    this.failures = 0;
    this.connects += 1;
    this.nodes.learn(welcome.nodes);
    this.listener.onEvent({ type: 'connected', url: connection.url, node: welcome.node, cluster: welcome.cluster, version: welcome.version });
    this.listener.onOpen(connection);
  }

  private ended(connection: Connection, error: KvError, wasOpen: boolean): void {
    if (connection !== this.connection || this.state === 'closed') return;
    this.connection = undefined;
    this.lastError = error;
    if (wasOpen) {
      this.listener.onEvent({ type: 'disconnected', url: connection.url, reason: error.message });
      return this.retryAfter(backoffDelayMs(0, this.config, this.config.random));
    }
    this.failures += 1;
    const giveUp = this.failures >= this.config.attemptsMax;
    const retryInMs = giveUp ? undefined : backoffDelayMs(this.failures - 1, this.config, this.config.random);
    this.listener.onEvent({ type: 'dial-failed', url: connection.url, error, attempt: this.failures, retryInMs });
    if (retryInMs !== undefined) return this.retryAfter(retryInMs);
    this.state = 'idle';
    this.listener.onEvent({ type: 'gave-up', error, attempts: this.failures });
    this.listener.onGiveUp(error);
  }

  private retryAfter(delayMs: number): void {
    this.state = 'backoff';
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.state === 'backoff') this.dial();
    }, delayMs);
  }
}
