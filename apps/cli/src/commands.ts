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
