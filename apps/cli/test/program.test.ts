// The whole `kv` command line against a fake client: arguments reach the client as options,
// output goes where it should (stdout, stderr, bytes), and every outcome has its exit code —
// 0 done, 1 an operating error with its code (and receipt), 2 a usage error.
import { describe, expect, it } from 'vitest';
import { KvError } from '@kv/protocol';
import { runCli } from '../src/program.js';
import { cbor, fakeCluster, receipt } from './support/fixtures.js';

describe('kv get', () => {
  it('prints the decoded value, its context and the read receipt', async () => {
    const fake = fakeCluster();
    fake.siblings = [cbor('world')];
    expect(await runCli(['get', 'hello', '--r', 'all'], fake.io)).toBe(0);
    expect(fake.io.stdout()).toBe('world\ncontext: CTX\nreceipt: r=2 of 3 · answered n1,n2 · via n1 · 3 ms\n');
    expect(fake.calls).toEqual([{ op: 'get', args: ['hello', { raw: true, r: 'all' }] }]);
    expect(fake.closed).toBe(1);
  });

  it('lists conflicting siblings numbered', async () => {
    const fake = fakeCluster();
    fake.siblings = [cbor('a'), cbor({ n: 1 })];
    expect(await runCli(['get', 'k'], fake.io)).toBe(0);
    expect(fake.io.stdout()).toContain('conflict: 2 concurrent values (siblings) of "k":\n  [1] a\n  [2] {"n":1}\n');
  });

  it('--raw writes the stored bytes alone on stdout, the rest on stderr', async () => {
    const fake = fakeCluster();
    fake.siblings = [new TextEncoder().encode('bytes!')];
    expect(await runCli(['get', 'k', '--raw'], fake.io)).toBe(0);
    expect(fake.io.bytes).toEqual([new TextEncoder().encode('bytes!')]);
    expect(fake.io.stdout()).toBe('bytes!');
    expect(fake.io.stderrText()).toMatch(/^context: CTX\nreceipt: /);
  });

  it('--json prints the full result, global flags given after the command too', async () => {
    const fake = fakeCluster();
    fake.siblings = [cbor(42)];
    expect(await runCli(['get', 'k', '--json', '--timeout-ms', '500'], fake.io)).toBe(0);
    expect(JSON.parse(fake.io.stdout())).toEqual({ key: 'k', kind: 'value', value: 42, siblings: [42], context: 'CTX', receipt: receipt() });
    expect(fake.calls[0]?.args[1]).toEqual({ raw: true, timeoutMs: 500 });
    expect(fake.connects[0]).toMatchObject({ timeoutMs: 500, connectTimeoutMs: 500 });
  });
});

describe('kv put and delete', () => {
  it('sends a string by default and prints the receipt line', async () => {
    const fake = fakeCluster();
    expect(await runCli(['put', 'hello', 'world', '--w', '2', '--context', 'CTX1'], fake.io)).toBe(0);
    expect(fake.calls).toEqual([{ op: 'put', args: ['hello', 'world', { w: 2, context: 'CTX1' }] }]);
    expect(fake.io.stdout()).toBe('ok · w=2 of 3 · acks n1,n2 · via n1 · 3 ms\n');
  });

  it('--json-value parses JSON; --raw sends UTF-8 bytes', async () => {
    const fake = fakeCluster();
    await runCli(['put', 'k', '{"a":[1,true]}', '--json-value'], fake.io);
    await runCli(['put', 'k', 'héllo', '--raw'], fake.io);
    expect(fake.calls.map((call) => call.args[1])).toEqual([{ a: [1, true] }, new TextEncoder().encode('héllo')]);
    expect(fake.calls[1]?.args[2]).toEqual({ raw: true });
  });

  it('a value starting with - follows --', async () => {
    const fake = fakeCluster();
    expect(await runCli(['put', 'k', '--', '-5'], fake.io)).toBe(0);
    expect(fake.calls[0]?.args[1]).toBe('-5');
  });

  it('delete passes w and context and prints a deleted receipt', async () => {
    const fake = fakeCluster();
    expect(await runCli(['delete', 'k', '--w', 'quorum'], fake.io)).toBe(0);
    expect(fake.calls).toEqual([{ op: 'delete', args: ['k', { w: 'quorum' }] }]);
    expect(fake.io.stdout()).toMatch(/^deleted · w=2 of 3/);
  });
});

describe('kv status and ring', () => {
  it('print tables, or JSON with --json', async () => {
    const fake = fakeCluster();
    expect(await runCli(['status'], fake.io)).toBe(0);
    expect(fake.io.stdout()).toContain('│ n2 │ ws://127.0.0.1:7072 │ down   │');
    expect(fake.io.stdout()).toContain('anti-entropy: 1 replica group · 100 keys · 0 exchanges (0 aborted) · 0 sets sent');
    expect(await runCli(['--json', 'ring'], fake.io)).toBe(0);
    expect(fake.io.stdout()).toContain('"vnodes": 6144');
  });
});

describe('kv repair', () => {
  it('starts a round on every up member, follows it with a progress bar and prints a summary', async () => {
    const fake = fakeCluster();
    expect(await runCli(['repair'], fake.io)).toBe(0);
    // n2 is down in the fixture: n1 and n3 get a round each, on their own connections.
    expect(fake.connects.slice(1).map((c) => c.nodes)).toEqual([['ws://127.0.0.1:7071'], ['ws://127.0.0.1:7073']]);
    expect(fake.calls.filter((c) => c.op === 'repair')).toHaveLength(2);
    expect(fake.io.stderrText()).toMatch(/\[#{24}\] \d+\/4 exchanges · \d+ keys repaired/);
    expect(fake.io.stdout()).toMatch(/^repair done: 4 exchanges on 2 nodes, \d+ keys repaired, [\d.]+ s\n$/);
    expect(fake.closed).toBe(3);
  });

  it('--json prints the summary per node', async () => {
    const fake = fakeCluster();
    expect(await runCli(['--json', 'repair'], fake.io)).toBe(0);
    const summary = JSON.parse(fake.io.stdout()) as { exchanges: number; nodes: { node: string }[] };
    expect(summary.exchanges).toBe(4);
    expect(summary.nodes.map((n) => n.node)).toEqual(['n1', 'n3']);
  });

  it('refuses a bad --wait-ms as a usage error', async () => {
    const fake = fakeCluster();
    expect(await runCli(['repair', '--wait-ms', 'soon'], fake.io)).toBe(2);
  });
});

describe('finding the cluster', () => {
  it('connects to every URL of --url (repeatable, comma lists) with fail-fast dialing', async () => {
    const fake = fakeCluster();
    await runCli(['--url', 'ws://a:1,ws://b:2', '--url', 'ws://c:3', 'status'], fake.io);
    expect(fake.connects[0]).toMatchObject({ nodes: ['ws://a:1', 'ws://b:2', 'ws://c:3'], reconnect: { attemptsMax: 3 } });
  });

  it('uses the local cluster’s cluster.json in the working directory', async () => {
    const files = { '/home/me/.kv-data/local-cluster/cluster.json': JSON.stringify({ nodes: [{ url: 'ws://127.0.0.1:7071' }, { url: 'ws://127.0.0.1:7072' }] }) };
    const fake = fakeCluster({ cwd: '/home/me', files });
    await runCli(['status'], fake.io);
    expect(fake.connects[0]?.nodes).toEqual(['ws://127.0.0.1:7071', 'ws://127.0.0.1:7072']);
  });

  it('says which URLs it tried and where they came from when nothing answers', async () => {
    const fake = fakeCluster();
    fake.connectError = new KvError('UNAVAILABLE', 'no node of ws://127.0.0.1:7070 welcomed the client');
    expect(await runCli(['get', 'k'], fake.io)).toBe(1);
    expect(fake.io.stderrText()).toBe(
      'error UNAVAILABLE: no node of ws://127.0.0.1:7070 welcomed the client (tried ws://127.0.0.1:7070 from default; is kv-server running? start one, run pnpm start, or pass --url)\n',
    );
  });
});

describe('errors and exit codes', () => {
  it('an operating error: error CODE: message and its receipt, exit 1 (JSON too with --json)', async () => {
    const fake = fakeCluster();
    fake.failWith = new KvError('UNAVAILABLE', 'too few replicas', { receipt: receipt({ acks: [{ node: 'n1', role: 'primary', counted: true }], uncovered: ['n2', 'n3'] }) });
    expect(await runCli(['put', 'k', 'v', '--json'], fake.io)).toBe(1);
    expect(fake.io.stderrText()).toBe('error UNAVAILABLE: too few replicas\nreceipt: failed · w=2 of 3 · acks n1 · uncovered: n2,n3 · via n1 · 3 ms\n');
    expect(JSON.parse(fake.io.stdout())).toMatchObject({ error: { code: 'UNAVAILABLE', message: 'too few replicas' } });
    expect(fake.closed).toBe(1);
  });

  it.each([
    [['gte', 'k'], "error USAGE: unknown command 'gte' (Did you mean get?) (see kv --help)\n"],
    [['get'], "error USAGE: missing required argument 'key' (see kv --help)\n"],
    [['get', 'k', '--r', 'most'], 'error USAGE: --r must be a replica count 1..16 or one of one, quorum, all, local_quorum, got "most" (see kv --help)\n'],
    [['put', 'k', 'v', '--raw', '--json-value'], 'error USAGE: --json-value and --raw cannot be combined (see kv --help)\n'],
    [['put', 'k', '{oops', '--json-value'], /^error USAGE: --json-value: the value is not JSON \(/],
    [['status', '--timeout-ms', '0'], 'error USAGE: --timeout-ms must be an integer in 1..60000, got "0" (see kv --help)\n'],
    [['--url', 'http://127.0.0.1:8071', 'status'], /looks like an admin URL/],
    [['get', 'k', '--bogus'], "error USAGE: unknown option '--bogus' (see kv --help)\n"],
  ])('usage error %j: one line, exit 2, nothing sent', async (argv, message) => {
    const fake = fakeCluster();
    expect(await runCli(argv, fake.io)).toBe(2);
    if (typeof message === 'string') expect(fake.io.stderrText()).toBe(message);
    else expect(fake.io.stderrText()).toMatch(message);
    expect(fake.calls).toEqual([]);
  });

  it('no command: the help on stderr, exit 2; --help: on stdout, exit 0', async () => {
    const bare = fakeCluster();
    expect(await runCli([], bare.io)).toBe(2);
    expect(bare.io.stderrText()).toMatch(/^Usage: kv \[options\] \[command\]/);
    const help = fakeCluster();
    expect(await runCli(['put', '--help'], help.io)).toBe(0);
    expect(help.io.stdout()).toMatch(/^Usage: kv put \[options\] <key> <value>/);
    expect(help.io.stdout()).toContain('--json-value');
  });
});
