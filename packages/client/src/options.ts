// Options: what `connect()` accepts, and the same options with every default filled in and
// checked. A bad option is a bug in the calling code, so it fails the connect with a
// ClientAssertionError naming the option, never a KvError (CONVENTIONS.md §7).
import { protocolLimits } from '@kv/protocol';
import type { Consistency } from '@kv/protocol';
import { clientDefaults, clientVersion, type ReconnectDefaults } from './defaults.js';
import { assert } from './errors.js';
import type { EventListener } from './events.js';
import { isNodeUrl } from './node-list.js';
import { mathRandom, type Random } from './random.js';
import type { SocketFactory } from './socket.js';
import type { ValueMode } from './value-codec.js';

export interface ConnectOptions {
  /** Client URLs (ws:// or wss://) of one or more nodes; the client dials them in turn. */
  readonly nodes: readonly string[];
  /** Default per-request budget in ms (1..60 000; default 2 000). */
  readonly timeoutMs?: number;
  /** Default read and write quorums (default: the node's, `quorum`). */
  readonly r?: Consistency;
  readonly w?: Consistency;
  /** 'cbor' (default): any JS value, CBOR-encoded. 'raw': values are Uint8Array, stored as is. */
  readonly values?: ValueMode;
  /** Requests in flight on the connection (default 1 024). */
  readonly pipelineMax?: number;
  /** Calls that may wait for a connection or a pipeline slot (default 1 024); more fail OVERLOADED. */
  readonly queuedMax?: number;
  readonly reconnect?: Partial<ReconnectDefaults>;
  /** Time to a node's welcome, per dial, in ms (default 5 000). */
  readonly connectTimeoutMs?: number;
  /** Extra wait past a deadline for the node's own TIMEOUT reply and its receipt, in ms (default 200). */
  readonly replyGraceMs?: number;
  /** Who is connecting, in the node's logs (default `@kv/client/<version> <platform>`). */
  readonly agent?: string;
  /** Source of reconnect jitter (default Math.random); tests pass a fixed one. */
  readonly random?: Random;
  /** Connection events, for logs: connected, disconnected, dial-failed, gave-up, frame-error. */
  readonly onEvent?: EventListener;
  /** Advanced: how to open a WebSocket (default: `ws` in Node, the global WebSocket in browsers). */
  readonly socket?: SocketFactory;
}

export interface ResolvedOptions {
  readonly nodes: readonly string[];
  readonly timeoutMs: number;
  readonly r: Consistency | undefined;
  readonly w: Consistency | undefined;
  readonly values: ValueMode;
  readonly pipelineMax: number;
  readonly queuedMax: number;
  readonly reconnect: ReconnectDefaults;
  readonly connectTimeoutMs: number;
  readonly replyGraceMs: number;
  readonly replyFrameBytesMax: number;
  readonly nodesMax: number;
  readonly closeWaitMs: number;
  readonly agent: string;
  readonly random: Random;
  readonly onEvent: EventListener;
}

export function resolveOptions(options: ConnectOptions, platform: string): ResolvedOptions {
  assert(typeof options === 'object' && options !== null, 'connect() takes an options object');
  const { nodes } = options;
  assert(Array.isArray(nodes) && nodes.length > 0, 'options.nodes lists at least one node URL');
  for (const url of nodes) assert(isNodeUrl(url), `options.nodes: ${JSON.stringify(url)} is not a ws:// or wss:// URL`);
  const resolved: ResolvedOptions = {
    nodes,
    timeoutMs: options.timeoutMs ?? clientDefaults.timeoutMs,
    r: options.r,
    w: options.w,
    values: options.values ?? 'cbor',
    pipelineMax: options.pipelineMax ?? clientDefaults.pipelineMax,
    queuedMax: options.queuedMax ?? clientDefaults.queuedMax,
    reconnect: { ...clientDefaults.reconnect, ...definedOnly(options.reconnect ?? {}) },
    connectTimeoutMs: options.connectTimeoutMs ?? clientDefaults.connectTimeoutMs,
    replyGraceMs: options.replyGraceMs ?? clientDefaults.replyGraceMs,
    replyFrameBytesMax: clientDefaults.replyFrameBytesMax,
    nodesMax: Math.max(clientDefaults.nodesMax, nodes.length),
    closeWaitMs: clientDefaults.closeWaitMs,
    agent: options.agent ?? `@kv/client/${clientVersion} ${platform}`,
    random: options.random ?? mathRandom,
    onEvent: options.onEvent ?? (() => undefined),
  };
  checkResolved(resolved);
  return resolved;
}

function checkResolved(o: ResolvedOptions): void {
  assert(isIntegerIn(o.timeoutMs, 1, protocolLimits.timeoutMsMax), `options.timeoutMs is an integer in 1..${protocolLimits.timeoutMsMax}`);
  assert(o.r === undefined || isConsistency(o.r), "options.r is 1..16 or 'one', 'quorum', 'all', 'local_quorum'");
  assert(o.w === undefined || isConsistency(o.w), "options.w is 1..16 or 'one', 'quorum', 'all', 'local_quorum'");
  assert(o.values === 'cbor' || o.values === 'raw', "options.values is 'cbor' or 'raw'");
  assert(isIntegerIn(o.pipelineMax, 1, protocolLimits.requestIdMax), 'options.pipelineMax is a positive integer');
  assert(isIntegerIn(o.queuedMax, 0, protocolLimits.requestIdMax), 'options.queuedMax is an integer ≥ 0');
  assert(isIntegerIn(o.connectTimeoutMs, 1, 2 ** 31 - 1), 'options.connectTimeoutMs is a positive integer');
  assert(isIntegerIn(o.replyGraceMs, 0, 2 ** 31 - 1), 'options.replyGraceMs is an integer ≥ 0');
  const { initialDelayMs, maxDelayMs, attemptsMax } = o.reconnect;
  assert(isIntegerIn(initialDelayMs, 0, 2 ** 31 - 1), 'options.reconnect.initialDelayMs is an integer ≥ 0');
  assert(isIntegerIn(maxDelayMs, initialDelayMs, 2 ** 31 - 1), 'options.reconnect.maxDelayMs is an integer ≥ initialDelayMs');
  assert(attemptsMax === Infinity || isIntegerIn(attemptsMax, 1, 2 ** 31 - 1), 'options.reconnect.attemptsMax is a positive integer or Infinity');
  assert(typeof o.agent === 'string' && o.agent.length <= protocolLimits.agentCharsMax, `options.agent is a string of at most ${protocolLimits.agentCharsMax} characters`);
  assert(typeof o.random?.nextU32 === 'function', 'options.random has nextU32()');
  assert(typeof o.onEvent === 'function', 'options.onEvent is a function');
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isConsistency(level: unknown): boolean {
  return level === 'one' || level === 'quorum' || level === 'all' || level === 'local_quorum' || isIntegerIn(level, 1, protocolLimits.replicasMax);
}

/** `object` without its undefined fields (so `{ attemptsMax: undefined }` keeps the default). */
export function definedOnly<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(object)) if (value !== undefined) out[name] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
