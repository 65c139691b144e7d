// Local cluster: N kv-server processes on 127.0.0.1 that form one cluster — what `pnpm start`
// brings up for a developer and what end-to-end tests drive. Node i is `n<i>` on port
// basePort+i-1 and admin port adminBasePort+i-1, with data in `<baseDir>/n<i>`, its output in
// `<baseDir>/n<i>.log`, and every other node as a seed. The launcher waits until every node's
// /health reports all N members up, then writes `<baseDir>/cluster.json` so the `kv` CLI finds
// the cluster without flags. `kill(id, signal)` and `restart(id)` keep the data dir, so a test
// can `kill -9` a node and bring the same node back.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeProbe, probeHealth, type HealthProbe } from './health-probe.js';
import { NodeProcess, stopGraceMs, type NodeExit } from './node-process.js';

export interface LocalClusterOptions {
  /** Number of nodes (default 3). */
  readonly nodes?: number;
  /** Data dirs, logs and cluster.json live here (default `./.kv-data/local-cluster`, relative to cwd). */
  readonly baseDir?: string;
  /** Client port of n1; n<i> gets basePort + i - 1 (default 7071). */
  readonly basePort?: number;
  /** Admin port of n1 (default 8071). */
  readonly adminBasePort?: number;
  /** Extra kv-server flags given to every node (e.g. ['--sync', 'never']). */
  readonly nodeArgs?: readonly string[];
  /** Shared peer secret (default a fixed development secret). */
  readonly secret?: string;
  /** How long to wait for every node to see every member up (default 30 000 ms). */
  readonly startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before it SIGKILLs a node (default 10 000 ms). */
  readonly stopGraceMs?: number;
  /** The kv-server entry script (default this package's dist/cli.js). */
  readonly serverEntry?: string;
  /** Node.js flags for the node processes (e.g. ['--import', 'tsx'] to run src/cli.ts). */
  readonly nodeExecArgv?: readonly string[];
  /** Working directory the relative baseDir is resolved against (default process.cwd()). */
  readonly cwd?: string;
  /** Extra environment for the nodes (KV_* of the launcher's own environment is not passed on). */
  readonly env?: Readonly<Record<string, string>>;
  /** Called when a node exits without being asked to (default: a line on stderr). */
  readonly onUnexpectedExit?: (exit: NodeExit) => void;
}

export interface LocalNodeInfo {
  readonly id: string;
  readonly url: string;
  readonly adminUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
}

export interface LocalCluster {
  readonly baseDir: string;
  readonly clusterFile: string;
  /** Client URLs of all nodes, n1 first. */
  readonly urls: readonly string[];
  nodes(): readonly LocalNodeInfo[];
  node(id: string): LocalNodeInfo;
  /** Sends `signal` (default SIGKILL) to a node and waits for it to exit; its data dir stays. */
  kill(id: string, signal?: NodeJS.Signals): Promise<NodeExit>;
  /** Stops the node if it runs, starts it again on the same ports and data dir, and waits until it sees every running node up. */
  restart(id: string, options?: { readonly timeoutMs?: number }): Promise<LocalNodeInfo>;
  /** Waits until every running node's /health reports all running nodes up. */
  waitUntilUp(timeoutMs?: number): Promise<void>;
  /** SIGTERM to every node (SIGKILL after stopGraceMs, 10 s), wait for the exits, remove cluster.json. */
  stop(): Promise<void>;
}

export type LocalClusterErrorCode = 'BAD_OPTIONS' | 'NOT_BUILT' | 'ALREADY_RUNNING' | 'NODE_EXITED' | 'TIMEOUT';

export class LocalClusterError extends Error {
  override readonly name = 'LocalClusterError';
  constructor(
    readonly code: LocalClusterErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const localClusterDefaults = {
  nodes: 3,
  baseDir: '.kv-data/local-cluster',
  basePort: 7071,
  adminBasePort: 8071,
  secret: 'kv-local-cluster-dev-secret',
  startTimeoutMs: 30_000,
  host: '127.0.0.1',
} as const;

/** The shape of `<baseDir>/cluster.json`, read by the `kv` CLI. */
export interface ClusterFile {
  readonly nodes: readonly { readonly id: string; readonly url: string; readonly adminUrl: string; readonly pid: number | undefined }[];
  readonly startedAt: string;
}

interface NodeSlot {
  readonly info: Omit<LocalNodeInfo, 'pid' | 'running'>;
  readonly process: NodeProcess;
}

/** Starts the nodes and resolves once they all see each other up; on failure every started node is stopped. */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const count = options.nodes ?? localClusterDefaults.nodes;
  const basePort = options.basePort ?? localClusterDefaults.basePort;
  const adminBasePort = options.adminBasePort ?? localClusterDefaults.adminBasePort;
  checkOptions(count, basePort, adminBasePort);
  const cwd = options.cwd ?? process.cwd();
  const baseDir = path.resolve(cwd, options.baseDir ?? localClusterDefaults.baseDir);
  const clusterFile = path.join(baseDir, 'cluster.json');
  refuseIfRunning(clusterFile);
  const entry = options.serverEntry ?? defaultServerEntry();
  mkdirSync(baseDir, { recursive: true });
  const slots = planNodes(count, basePort, adminBasePort, baseDir, entry, cwd, options);
  // The nodes run in their own process groups: if this process exits without stop(), kill them.
  const killAll = (): void => slots.forEach((s) => s.process.killNow());
  process.once('exit', killAll);
  const timeoutMs = options.startTimeoutMs ?? localClusterDefaults.startTimeoutMs;
  const timing = { startTimeoutMs: timeoutMs, stopGraceMs: options.stopGraceMs ?? stopGraceMs };
  const cluster = createHandle(slots, baseDir, clusterFile, timing, () => process.off('exit', killAll));
  try {
    for (const slot of slots) slot.process.start();
    await cluster.waitUntilUp();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

function checkOptions(count: number, basePort: number, adminBasePort: number): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > 64) throw new LocalClusterError('BAD_OPTIONS', `nodes must be an integer in 1..64, got ${count}`);
  for (const [name, port] of [['basePort', basePort], ['adminBasePort', adminBasePort]] as const) {
    if (!Number.isSafeInteger(port) || port < 1 || port + count - 1 > 65535) {
      throw new LocalClusterError('BAD_OPTIONS', `${name} must leave room for ${count} ports in 1..65535, got ${port}`);
    }
  }
  if (Math.abs(basePort - adminBasePort) < count) {
    throw new LocalClusterError('BAD_OPTIONS', `client ports ${basePort}.. and admin ports ${adminBasePort}.. overlap`);
  }
}

/** Refuses to start over a cluster.json whose processes still run (a second launcher on the same dir). */
function refuseIfRunning(clusterFile: string): void {
  if (!existsSync(clusterFile)) return;
  let pids: number[] = [];
  try {
    const file = JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile;
    pids = file.nodes.map((node) => node.pid).filter((pid): pid is number => typeof pid === 'number' && isAlive(pid));
  } catch {
    pids = [];
  }
  if (pids.length > 0) {
    throw new LocalClusterError('ALREADY_RUNNING', `a local cluster is already running from ${clusterFile} (pids ${pids.join(', ')}); stop it first`);
  }
  rmSync(clusterFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** dist/cli.js beside this module once built; ../dist/cli.js when this module runs from src (tests). */
function defaultServerEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'cli.js'), path.join(here, '..', 'dist', 'cli.js')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new LocalClusterError('NOT_BUILT', `kv-server is not built (no ${candidates[1]}); run pnpm --filter @kv/server build`);
  return found;
}

function planNodes(count: number, basePort: number, adminBasePort: number, baseDir: string, entry: string, cwd: string, options: LocalClusterOptions): NodeSlot[] {
  const host = localClusterDefaults.host;
  const ids = Array.from({ length: count }, (_, i) => `n${i + 1}`);
  const urls = ids.map((_, i) => `ws://${host}:${basePort + i}`);
  const env = childEnv(options.env);
  const onUnexpectedExit = options.onUnexpectedExit ?? reportExit;
  return ids.map((id, i) => {
    const info = {
      id,
      url: urls[i] ?? '',
      adminUrl: `http://${host}:${adminBasePort + i}`,
      dataDir: path.join(baseDir, id),
      logFile: path.join(baseDir, `${id}.log`),
    };
    const seeds = urls.filter((_, j) => j !== i);
    const args = [
      ...['--node-id', id, '--host', host, '--port', String(basePort + i), '--admin-port', String(adminBasePort + i)],
      ...['--data-dir', info.dataDir, '--secret', options.secret ?? localClusterDefaults.secret],
      ...(seeds.length > 0 ? ['--seeds', seeds.join(',')] : []),
      ...(options.nodeArgs ?? []),
    ];
    const execArgv = options.nodeExecArgv ?? [];
    const child = new NodeProcess({ id, entry, execArgv, args, env, logFile: info.logFile, cwd, onUnexpectedExit });
    return { info, process: child };
  });
}

function childEnv(extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('KV_')) env[name] = value;
  return { ...env, ...extra };
}

function reportExit(exit: NodeExit): void {
  const how = exit.signal === null ? `with code ${exit.code ?? '?'}` : `on ${exit.signal}`;
  process.stderr.write(`kv-local-cluster: ${exit.id} exited ${how}; see ${exit.logFile}\n`);
}

interface Timing {
  readonly startTimeoutMs: number;
  readonly stopGraceMs: number;
}

function createHandle(slots: readonly NodeSlot[], baseDir: string, clusterFile: string, timing: Timing, onStopped: () => void): LocalCluster {
  const { startTimeoutMs, stopGraceMs: graceMs } = timing;
  const slot = (id: string): NodeSlot => {
    const found = slots.find((candidate) => candidate.info.id === id);
    if (found === undefined) throw new LocalClusterError('BAD_OPTIONS', `no node ${JSON.stringify(id)} (nodes: ${slots.map((s) => s.info.id).join(', ')})`);
    return found;
  };
  const infoOf = (s: NodeSlot): LocalNodeInfo => ({ ...s.info, pid: s.process.pid, running: s.process.running });
  const writeClusterFile = (): void => {
    const file: ClusterFile = {
      nodes: slots.map((s) => ({ id: s.info.id, url: s.info.url, adminUrl: s.info.adminUrl, pid: s.process.pid })),
      startedAt: new Date().toISOString(),
    };
    writeFileSync(`${clusterFile}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(`${clusterFile}.tmp`, clusterFile);
  };
  const waitUntilUp = async (timeoutMs = startTimeoutMs, only?: NodeSlot): Promise<void> => {
    await waitForHealth(slots, only, timeoutMs);
    writeClusterFile();
  };
  return {
    baseDir,
    clusterFile,
    urls: slots.map((s) => s.info.url),
    nodes: () => slots.map(infoOf),
    node: (id) => infoOf(slot(id)),
    kill: (id, signal = 'SIGKILL') => slot(id).process.kill(signal),
    async restart(id, options = {}) {
      const target = slot(id);
      await target.process.stop(graceMs);
      target.process.start();
      await waitUntilUp(options.timeoutMs ?? startTimeoutMs, target);
      return infoOf(target);
    },
    waitUntilUp: (timeoutMs) => waitUntilUp(timeoutMs),
    async stop() {
      await Promise.all(slots.map((s) => s.process.stop(graceMs)));
      rmSync(clusterFile, { force: true });
      onStopped();
    },
  };
}

/** Polls /health of `only` (or every running node) until each reports every running node up. */
async function waitForHealth(slots: readonly NodeSlot[], only: NodeSlot | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let probes: HealthProbe[] = [];
  for (;;) {
    const running = slots.filter((s) => s.process.running);
    const watched = only === undefined ? slots : [only];
    const dead = watched.find((s) => !s.process.running);
    if (dead !== undefined) throw exitedError(dead);
    probes = await Promise.all(watched.map((s) => probeHealth(s.info.adminUrl)));
    if (probes.every((probe) => probe.ok && probe.health.membersUp >= running.length)) return;
    if (Date.now() >= deadline) {
      const states = watched.map((s, i) => `${s.info.id}: ${describeProbe(probes[i] ?? { ok: false, reason: '?' }, running.length)}`);
      throw new LocalClusterError('TIMEOUT', `cluster not up after ${timeoutMs} ms (${states.join('; ')}); logs in ${path.dirname(watched[0]?.info.logFile ?? '.')}`);
    }
    await sleep(150);
  }
}

function exitedError(slot: NodeSlot): LocalClusterError {
  const lastLine = lastLogLine(slot.info.logFile);
  return new LocalClusterError('NODE_EXITED', `${slot.info.id} exited during startup${lastLine === '' ? '' : `: ${lastLine}`} (log: ${slot.info.logFile})`);
}

/** The last non-empty line of a log file, shortened: usually the node's one-line error. */
function lastLogLine(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const line = lines[lines.length - 1] ?? '';
    return line.length > 300 ? `${line.slice(0, 300)}…` : line;
  } catch {
    return '';
  }
}
