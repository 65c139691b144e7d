// Program: the `kv` command line — commander's commands and flags, finding the cluster,
// connecting, running one command and turning every outcome into an exit code: 0 done, 1 an
// operating error (`error CODE: message`, with the receipt when the node sent one), 2 a usage
// error. Everything the process gives (argv, env, cwd, files, stdout, the client factory) comes
// in through CliIo, so tests run the whole CLI against a fake client.
import { Command, CommanderError } from 'commander';
import type { ConnectOptions } from '@kv/client';
import type { Consistency } from '@kv/protocol';
import { collect, parseLevel, parseTimeoutMs } from './cli-arguments.js';
import { locateCluster, type LocatedCluster } from './cluster-locator.js';
import {
  deleteCommand,
  getCommand,
  putCommand,
  repairCommand,
  ringCommand,
  statusCommand,
  type CliClient,
  type CliOutput,
  type CommandContext,
  type DeleteFlags,
  type GetFlags,
  type PutFlags,
  type RepairFlags,
} from './commands.js';
import { formatError, formatReadReceipt, formatWriteReceipt, toJson } from './format.js';
import { UsageError } from './usage-error.js';
import { version } from './version.js';

export interface CliIo extends CliOutput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly readFile: (file: string) => string;
  readonly connect: (options: ConnectOptions) => Promise<CliClient>;
  /** Waits (a fake clock in tests; real timers in the bin). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
  /** Whether stderr is a terminal. */
  readonly interactive?: boolean;
}

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

interface GlobalFlags {
  readonly url?: string[];
  readonly json?: boolean;
  readonly timeoutMs?: string;
}

type Run = (ctx: CommandContext) => Promise<void>;

/** The connect options the CLI uses: fail fast (one dial per node, short backoff), the request timeout as dial timeout. */
export function connectOptions(urls: readonly string[], timeoutMs: number | undefined): ConnectOptions {
  return {
    nodes: urls,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    connectTimeoutMs: timeoutMs ?? 2_000,
    reconnect: { attemptsMax: Math.max(2, urls.length), initialDelayMs: 50, maxDelayMs: 500 },
    agent: `@kv/cli/${version}`,
  };
}

function parseWaitMs(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--wait-ms must be a positive integer of milliseconds, got ${JSON.stringify(text)}`);
  return value;
}

function levelOption(flag: string): (text: string) => Consistency {
  return (text) => parseLevel(text, flag);
}

function buildProgram(io: CliIo, help: { text: string }, run: (command: Command, body: Run) => Promise<void>): Command {
  const program = new Command('kv')
    .description('Talk to a kv cluster: status, ring, get, put, delete, repair.')
    .version(version, '-v, --version')
    .option('--url <ws-url>', 'node URL; repeat it or give a comma list (default: KV_URL, ./.kv-data/local-cluster/cluster.json, ws://127.0.0.1:7070)', collect)
    .option('--json', 'machine output: the full result as JSON, receipt included')
    .option('--timeout-ms <ms>', 'request timeout in ms, 1..60000 (default 2000)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => (help.text += text), outputError: () => undefined });
  program
    .command('status')
    .description("the members as the node sees them, its hints backlog and requests in flight")
    .action((_flags, command: Command) => run(command, statusCommand));
  program
    .command('ring')
    .description('the ring: each node with its zone, weight, vnodes and share of the keys')
    .action((_flags, command: Command) => run(command, ringCommand));
  program
    .command('repair')
    .description('anti-entropy now: every node compares its replica groups with every other member and repairs what differs; shows progress')
    .option('--wait-ms <ms>', 'give up following the repair after this long (it goes on in the background), default 600000', (text: string) => parseWaitMs(text))
    .action((flags: RepairFlags, command: Command) => run(command, (ctx) => repairCommand(ctx, flags)));
  program
    .command('get <key>')
    .description('read a key: its value, or every conflicting sibling, with the context for the next write')
    .option('--r <level>', 'read level: a count or one, quorum, all, local_quorum', levelOption('--r'))
    .option('--raw', 'print the stored bytes as they are (no CBOR decoding)')
    .action((key: string, flags: GetFlags, command: Command) => run(command, (ctx) => getCommand(ctx, key, flags)));
  program
    .command('put <key> <value>')
    .description('write a value (a string; --json-value parses JSON); --context supersedes what a get saw')
    .option('--w <level>', 'write level: a count or one, quorum, all, local_quorum', levelOption('--w'))
    .option('--context <token>', 'the context printed by kv get (without it the value becomes a new sibling)')
    .option('--json-value', 'parse <value> as JSON (numbers, objects, arrays…)')
    .option('--raw', 'store the UTF-8 bytes of <value> as they are (no CBOR)')
    .action((key: string, value: string, flags: PutFlags, command: Command) => run(command, (ctx) => putCommand(ctx, key, value, flags)));
  program
    .command('delete <key>')
    .description('delete a key (a tombstone); without --context kv reads the key first')
    .option('--w <level>', 'write level: a count or one, quorum, all, local_quorum', levelOption('--w'))
    .option('--context <token>', 'the context printed by kv get')
    .action((key: string, flags: DeleteFlags, command: Command) => run(command, (ctx) => deleteCommand(ctx, key, flags)));
  return program;
}

/** Runs `kv` with argv (without node and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const help = { text: '' };
  let json = false;
  let op = '';
  let located: LocatedCluster | undefined;
  const run = async (command: Command, body: Run): Promise<void> => {
    const flags = command.optsWithGlobals<GlobalFlags>();
    json = flags.json === true;
    op = command.name();
    const timeoutMs = flags.timeoutMs === undefined ? undefined : parseTimeoutMs(flags.timeoutMs);
    located = locateCluster({ urlFlags: flags.url, env: io.env, cwd: io.cwd, readFile: io.readFile });
    if (located.warning !== undefined) io.err(`warning: ${located.warning}\n`);
    const client = await io.connect(connectOptions(located.urls, timeoutMs)).catch((error: unknown) => {
      throw withWhere(error, located);
    });
    try {
      await body({
        client,
        output: io,
        json,
        timeoutMs,
        connectTo: (url) => io.connect(connectOptions([url], timeoutMs)),
        sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        nowMs: io.nowMs ?? (() => performance.now()),
        interactive: io.interactive ?? false,
      });
    } finally {
      await client.close();
    }
  };
  try {
    await buildProgram(io, help, run).parseAsync([...argv], { from: 'user' });
    return exitCodes.ok;
  } catch (error) {
    return report(error, io, { helpText: help.text, json, op });
  }
}

/** A connect failure says which URLs were tried and where they came from. */
function withWhere(error: unknown, located: LocatedCluster | undefined): unknown {
  if (located === undefined || !(error instanceof Error)) return error;
  const hint = located.source === 'default' ? '; is kv-server running? start one, run pnpm start, or pass --url' : '';
  error.message = `${error.message} (tried ${located.urls.join(', ')} from ${located.source}${hint})`;
  return error;
}

interface ReportContext {
  readonly helpText: string;
  readonly json: boolean;
  /** The command that failed (its receipt is a read's for get, a write's otherwise). */
  readonly op: string;
}

function report(error: unknown, io: CliIo, { helpText, json, op }: ReportContext): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
    if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') {
      io.err(helpText);
      return exitCodes.usage;
    }
    io.err(`${formatError('USAGE', error.message.replace(/^error: /, ''))} (see kv --help)\n`);
    return exitCodes.usage;
  }
  if (error instanceof UsageError) {
    io.err(`${formatError(error.code, error.message)} (see kv --help)\n`);
    return exitCodes.usage;
  }
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const receipt = (error as { receipt?: Parameters<typeof formatWriteReceipt>[0] }).receipt;
  io.err(`${formatError(code, message)}\n`);
  if (receipt !== undefined) io.err(`receipt: ${op === 'get' ? formatReadReceipt(receipt) : formatWriteReceipt(receipt, 'failed')}\n`);
  if (json) io.out(`${toJson({ error: { code, message, ...(receipt === undefined ? {} : { receipt }) } })}\n`);
  return exitCodes.failed;
}
