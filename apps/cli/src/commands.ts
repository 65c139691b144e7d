// Commands: what each `kv` command does once its arguments are parsed — one call on a connected
// @kv/client, then the result handed to format.ts (or printed as JSON with --json). Reads always
// fetch raw bytes and decode CBOR here, so a value written raw by another tool still shows
// (as bytes) instead of failing the read.
import { asContext, type Consistency, type DeleteOptions, type DeleteResult, type GetOptions, type GetResult, type PutOptions, type PutResult, type RequestOptions, type RingReport, type StatusReport } from '@kv/client';
import { decodeValue } from '@kv/protocol';
import { formatGet, formatReadReceipt, formatRing, formatSiblingsNote, formatStatus, formatWriteReceipt, shownToJson, toJson, type ShownValue } from './format.js';
import { UsageError } from './usage-error.js';

/** The part of a @kv/client KvClient the CLI uses (a fake in tests). */
export interface CliClient {
  get(key: string, options: GetOptions & { readonly raw: true }): Promise<GetResult<Uint8Array>>;
  put(key: string, value: unknown, options?: PutOptions): Promise<PutResult>;
  delete(key: string, options?: DeleteOptions): Promise<DeleteResult>;
  status(options?: RequestOptions): Promise<StatusReport>;
  ring(options?: RequestOptions): Promise<RingReport>;
  repair(options?: RequestOptions): Promise<{ readonly pairsTotal: number }>;
  close(): Promise<void>;
}

/** Where a command writes: stdout text, stdout bytes (`get --raw`), stderr text. */
export interface CliOutput {
  out(text: string): void;
  outBytes(bytes: Uint8Array): void;
  err(text: string): void;
}

export interface CommandContext {
  readonly client: CliClient;
  readonly output: CliOutput;
  readonly json: boolean;
  readonly timeoutMs: number | undefined;
  /** A client of one more node (`kv repair` talks to every member). */
  readonly connectTo: (url: string) => Promise<CliClient>;
  /** Waits `ms` (a fake clock in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock. */
  readonly nowMs: () => number;
  /** Whether stderr is a terminal (a progress bar redraws in place there). */
  readonly interactive: boolean;
}

export interface RepairFlags {
  readonly waitMs?: number;
}

/** One node's repair round as `kv repair` follows it. */
interface NodeRound {
  readonly id: string;
  readonly client: CliClient;
  readonly pairsTotal: number;
  readonly setsBefore: number;
  pairsDone: number;
  sets: number;
  finished: boolean;
}

export interface GetFlags {
  readonly r?: Consistency;
  readonly raw?: boolean;
}

export interface PutFlags {
  readonly w?: Consistency;
  readonly context?: string;
  readonly jsonValue?: boolean;
  readonly raw?: boolean;
}

export interface DeleteFlags {
  readonly w?: Consistency;
  readonly context?: string;
}

function requestOptions(ctx: CommandContext): { timeoutMs?: number } {
  return ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs };
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export async function statusCommand(ctx: CommandContext): Promise<void> {
  const status = await ctx.client.status(requestOptions(ctx));
  ctx.output.out(line(ctx.json ? toJson(status) : formatStatus(status)));
}

/**
 * `kv repair`: starts an anti-entropy repair round on every up member (each compares every
 * replica group it is in with every other member) and follows them to the end: a progress bar
 * of exchanges done / total and the keys repaired (sets the nodes sent), then a summary.
 */
export async function repairCommand(ctx: CommandContext, flags: RepairFlags): Promise<void> {
  const waitMs = flags.waitMs ?? 600_000;
  const options = requestOptions(ctx);
  const members = (await ctx.client.status(options)).members.filter((m) => m.status === 'up');
  const startedMs = ctx.nowMs();
  const rounds: NodeRound[] = [];
  try {
    for (const member of members) {
      const client = await ctx.connectTo(member.url);
      const before = (await client.status(options)).antiEntropy?.setsSent ?? 0;
      const { pairsTotal } = await client.repair(options);
      rounds.push({ id: member.id, client, pairsTotal, setsBefore: before, pairsDone: 0, sets: 0, finished: pairsTotal === 0 });
    }
    const total = rounds.reduce((sum, r) => sum + r.pairsTotal, 0);
    for (;;) {
      for (const round of rounds) {
        const ae = (await round.client.status(options)).antiEntropy;
        round.pairsDone = ae?.round?.pairsDone ?? round.pairsDone;
        round.finished = ae?.round?.finished ?? true;
        round.sets = (ae?.setsSent ?? round.setsBefore) - round.setsBefore;
      }
      const done = rounds.reduce((sum, r) => sum + r.pairsDone, 0);
      const repaired = rounds.reduce((sum, r) => sum + r.sets, 0);
      const elapsedMs = ctx.nowMs() - startedMs;
      const finished = rounds.every((r) => r.finished);
      if (!ctx.json && (ctx.interactive || finished)) ctx.output.err(`${ctx.interactive ? '\r' : ''}${progressBar(done, total)} ${done}/${total} exchanges · ${repaired} keys repaired · ${(elapsedMs / 1000).toFixed(1)} s${finished ? '\n' : ''}`);
      if (finished) {
        const summary = { nodes: rounds.map((r) => ({ node: r.id, exchanges: r.pairsTotal, keysRepaired: r.sets })), exchanges: total, keysRepaired: repaired, elapsedMs: Math.round(elapsedMs) };
        ctx.output.out(line(ctx.json ? toJson(summary) : `repair done: ${total} exchanges on ${rounds.length} nodes, ${repaired} keys repaired, ${(elapsedMs / 1000).toFixed(1)} s`));
        return;
      }
      if (elapsedMs > waitMs) throw Object.assign(new Error(`repair still running after ${waitMs} ms (${done}/${total} exchanges); it goes on in the background, see kv status`), { code: 'TIMEOUT' });
      await ctx.sleep(200);
    }
  } finally {
    await Promise.all(rounds.map((r) => r.client.close()));
  }
}

/** A 24-cell bar: done / total. */
export function progressBar(done: number, total: number): string {
  const cells = 24;
  const filled = total === 0 ? cells : Math.min(cells, Math.round((done / total) * cells));
  return `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}]`;
}

export async function ringCommand(ctx: CommandContext): Promise<void> {
  const ring = await ctx.client.ring(requestOptions(ctx));
  ctx.output.out(line(ctx.json ? toJson(ring) : formatRing(ring)));
}

/** A sibling decoded from CBOR, or its bytes when it is not CBOR (or --raw asked for bytes). */
export function showSibling(bytes: Uint8Array, raw: boolean): ShownValue {
  if (raw) return { kind: 'bytes', bytes };
  try {
    return { kind: 'decoded', value: decodeValue(bytes) };
  } catch {
    return { kind: 'bytes', bytes };
  }
}

export async function getCommand(ctx: CommandContext, key: string, flags: GetFlags): Promise<void> {
  const raw = flags.raw === true;
  const result = await ctx.client.get(key, { raw: true, ...requestOptions(ctx), ...(flags.r === undefined ? {} : { r: flags.r }) });
  const shown = result.siblings.map((bytes) => showSibling(bytes, raw));
  if (ctx.json) {
    const value = result.kind === 'value' && shown[0] !== undefined ? { value: shownToJson(shown[0]) } : {};
    ctx.output.out(line(toJson({ key, kind: result.kind, ...value, siblings: shown.map(shownToJson), context: result.context, receipt: result.receipt })));
    return;
  }
  if (raw && result.kind !== 'conflict') {
    // The bytes alone on stdout (for `> file`); what else a person needs goes to stderr.
    if (result.kind === 'value') ctx.output.outBytes(result.value);
    else ctx.output.err('(not found)\n');
    ctx.output.err(`context: ${result.context}\nreceipt: ${formatReadReceipt(result.receipt)}\n`);
    return;
  }
  ctx.output.out(line(formatGet(key, shown, result.context, result.receipt)));
}

/** The value `kv put` sends: the string as is, parsed JSON (--json-value), or its UTF-8 bytes (--raw). */
export function putValue(text: string, flags: PutFlags): unknown {
  if (flags.jsonValue === true && flags.raw === true) throw new UsageError('--json-value and --raw cannot be combined');
  if (flags.raw === true) return new TextEncoder().encode(text);
  if (flags.jsonValue !== true) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--json-value: the value is not JSON (${(error as Error).message})`);
  }
}

function context(token: string | undefined): { context?: ReturnType<typeof asContext> } {
  if (token === undefined) return {};
  try {
    return { context: asContext(token) };
  } catch (error) {
    throw new UsageError(`--context: ${(error as Error).message}`);
  }
}

export async function putCommand(ctx: CommandContext, key: string, valueText: string, flags: PutFlags): Promise<void> {
  const value = putValue(valueText, flags);
  const options: PutOptions = { ...requestOptions(ctx), ...context(flags.context), ...(flags.w === undefined ? {} : { w: flags.w }), ...(flags.raw === true ? { raw: true } : {}) };
  const result = await ctx.client.put(key, value, options);
  if (ctx.json) return ctx.output.out(line(toJson({ key, ...result })));
  const note = formatSiblingsNote(result.siblings);
  ctx.output.out(line(formatWriteReceipt(result.receipt) + (note === undefined ? '' : `\n${note}`)));
}

export async function deleteCommand(ctx: CommandContext, key: string, flags: DeleteFlags): Promise<void> {
  const options: DeleteOptions = { ...requestOptions(ctx), ...context(flags.context), ...(flags.w === undefined ? {} : { w: flags.w }) };
  const result = await ctx.client.delete(key, options);
  if (ctx.json) return ctx.output.out(line(toJson({ key, ...result })));
  ctx.output.out(line(formatWriteReceipt(result.receipt, 'deleted')));
}
