// Test fixtures for the CLI: receipts, status and ring reports as a node would send them, and a
// fake client that records each call and answers from a script, so the whole CLI runs without a cluster.
import type { ConnectOptions, GetResult, RingReport, StatusReport } from '@kv/client';
import { encodeValue, type Receipt } from '@kv/protocol';
import type { CliClient } from '../../src/commands.js';
import type { CliIo } from '../../src/program.js';

export function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    consistency: 2,
    required: 2,
    sloppy: true,
    primaries: ['n1', 'n2', 'n3'],
    targets: [{ node: 'n1' }, { node: 'n2' }, { node: 'n3' }],
    uncovered: [],
    coordinatedBy: 'n1',
    acks: [
      { node: 'n1', role: 'primary', counted: true },
      { node: 'n2', role: 'primary', counted: true },
    ],
    refusals: [],
    hintsWritten: [],
    divergent: false,
    readRepairs: [],
    servedBy: 'n1',
    durationMs: 3.2,
    ...overrides,
  };
}

export const status: StatusReport = {
  node: 'n1',
  cluster: 'kv',
  generation: 17,
  uptimeMs: 303_000,
  members: [
    { id: 'n2', url: 'ws://127.0.0.1:7072', status: 'down', generation: 16, zone: 'eu', lastHeardMs: 4_200 },
    { id: 'n1', url: 'ws://127.0.0.1:7071', status: 'up', generation: 17, zone: 'eu' },
    { id: 'n3', url: 'ws://127.0.0.1:7073', status: 'up', generation: 12 },
  ],
  hints: { n2: 12, n3: 0 },
  requestsInFlight: 4,
  keyspaces: { default: { n: 3 } },
};

export const ring: RingReport = {
  vnodes: 6144,
  owners: [
    { node: 'n2', weight: 1, vnodes: 2048, share: 0.3325 },
    { node: 'n1', zone: 'eu', weight: 1, vnodes: 2048, share: 0.33712 },
    { node: 'n3', weight: 1, vnodes: 2048, share: 0.33038 },
  ],
};

export interface Call {
  readonly op: string;
  readonly args: readonly unknown[];
}

export interface FakeCluster {
  readonly io: CliIo & { readonly stdout: () => string; readonly stderrText: () => string; readonly bytes: Uint8Array[] };
  readonly calls: Call[];
  readonly connects: ConnectOptions[];
  /** What get answers (siblings as CBOR unless given as bytes). */
  siblings: Uint8Array[];
  failWith: Error | undefined;
  connectError: Error | undefined;
  /** The repair round the fake node runs once `repair` was called. */
  round: { pairsTotal: number; pairsDone: number } | undefined;
  closed: number;
}

export function cbor(value: unknown): Uint8Array {
  return encodeValue(value);
}

export function fakeCluster(options: { env?: Record<string, string>; files?: Record<string, string>; cwd?: string } = {}): FakeCluster {
  let stdout = '';
  let stderr = '';
  const fake: FakeCluster = {
    calls: [],
    connects: [],
    siblings: [],
    failWith: undefined,
    connectError: undefined,
    round: undefined,
    closed: 0,
    io: {
      env: options.env ?? {},
      cwd: options.cwd ?? '/work',
      readFile: (file) => {
        const text = options.files?.[file];
        if (text === undefined) throw Object.assign(new Error(`ENOENT ${file}`), { code: 'ENOENT' });
        return text;
      },
      sleep: async () => undefined,
      nowMs: () => 1_500 * fake.calls.length,
      connect: async (connectOptions) => {
        fake.connects.push(connectOptions);
        if (fake.connectError !== undefined) throw fake.connectError;
        return client;
      },
      out: (text) => (stdout += text),
      outBytes: (bytes) => {
        fake.io.bytes.push(bytes);
        stdout += new TextDecoder().decode(bytes);
      },
      err: (text) => (stderr += text),
      stdout: () => stdout,
      stderrText: () => stderr,
      bytes: [],
    },
  };
  const answer = async <T>(op: string, args: unknown[], value: T): Promise<T> => {
    fake.calls.push({ op, args });
    if (fake.failWith !== undefined) throw fake.failWith;
    return value;
  };
  const client: CliClient = {
    get: (key, getOptions) => {
      const [first] = fake.siblings;
      const base = { context: 'CTX' as never, receipt: receipt() };
      const result: GetResult<Uint8Array> =
        first === undefined
          ? { kind: 'missing', found: false, siblings: [], ...base }
          : fake.siblings.length === 1
            ? { kind: 'value', found: true, value: first, siblings: [first], ...base }
            : { kind: 'conflict', found: true, siblings: fake.siblings, ...base };
      return answer('get', [key, getOptions], result);
    },
    put: (key, value, putOptions) => answer('put', [key, value, putOptions], { receipt: receipt(), siblings: 1 }),
    delete: (key, deleteOptions) => answer('delete', [key, deleteOptions], { receipt: receipt() }),
    status: (requestOptions) => {
      // A repair round advances one exchange per status call; each exchange repairs 5 keys.
      const round = fake.round;
      if (round !== undefined && round.pairsDone < round.pairsTotal) round.pairsDone += 1;
      const antiEntropy = { groups: 1, keys: 100, exchangesCompleted: round?.pairsDone ?? 0, exchangesAborted: 0, setsSent: 5 * (round?.pairsDone ?? 0), ...(round === undefined ? {} : { round: { ...round, finished: round.pairsDone === round.pairsTotal, elapsedMs: 10 } }) };
      return answer('status', [requestOptions], { ...status, antiEntropy });
    },
    repair: (requestOptions) => {
      fake.round = { pairsTotal: 2, pairsDone: 0 };
      return answer('repair', [requestOptions], { pairsTotal: 2 });
    },
    ring: (requestOptions) => answer('ring', [requestOptions], ring),
    close: async () => {
      fake.closed += 1;
    },
  };
  return fake;
}
