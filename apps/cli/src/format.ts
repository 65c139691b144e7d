// Format: everything the `kv` CLI shows a person — the members and ring tables, the one-line
// receipts of reads and writes, values and siblings, and the JSON of `--json`. It is pure
// (strings in, strings out) so it is unit-tested without a cluster, and the commands only decide
// what to show, never how.
import Table from 'cli-table3';
import type { Consistency, Receipt, ReceiptAck } from '@kv/protocol';
import type { RingReport, StatusReport } from '@kv/client';

/** A value as the CLI read it: decoded from CBOR, or raw bytes (`--raw`, or a sibling that is not CBOR). */
export type ShownValue = { readonly kind: 'decoded'; readonly value: unknown } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

/** `5m 3s`, `2h 0m`, `850 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** The members table and the node's backlog (`kv status`). */
export function formatStatus(status: StatusReport): string {
  const members = table(['id', 'url', 'status', 'generation', 'zone', 'last heard']);
  for (const member of [...status.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const lastHeard = member.id === status.node ? 'self' : member.lastHeardMs === undefined ? '-' : `${formatDuration(member.lastHeardMs)} ago`;
    members.push([member.id, member.url, member.status, member.generation, member.zone ?? '-', lastHeard]);
  }
  const hints = Object.entries(status.hints).filter(([, count]) => count > 0);
  const keyspaces = Object.entries(status.keyspaces).map(([name, policy]) => `${name} n=${policy.n}`);
  return [
    `view of ${status.node} · cluster ${status.cluster} · generation ${status.generation} · up ${formatDuration(status.uptimeMs)}`,
    members.toString(),
    `members: ${countBy(status.members.map((member) => member.status))}`,
    `hints pending: ${hints.length === 0 ? 'none' : hints.map(([owner, count]) => `${count} for ${owner}`).join(', ')}`,
    `requests in flight: ${status.requestsInFlight}`,
    `keyspaces: ${keyspaces.length === 0 ? '-' : keyspaces.join(', ')}`,
    ...(status.antiEntropy === undefined ? [] : [formatAntiEntropy(status.antiEntropy)]),
  ].join('\n');
}

function formatAntiEntropy(ae: NonNullable<StatusReport['antiEntropy']>): string {
  const round = ae.round === undefined ? '' : ` · repair round ${ae.round.pairsDone}/${ae.round.pairsTotal}${ae.round.finished ? ` done in ${formatDuration(ae.round.elapsedMs)}` : ' running'}`;
  return `anti-entropy: ${ae.groups} replica group${ae.groups === 1 ? '' : 's'} · ${ae.keys} keys · ${ae.exchangesCompleted} exchanges (${ae.exchangesAborted} aborted) · ${ae.setsSent} sets sent${round}`;
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${count} ${value}`).join(', ');
}

/** The ring's owners with their vnodes and share of the hash space (`kv ring`). */
export function formatRing(ring: RingReport): string {
  const owners = table(['node', 'zone', 'weight', 'vnodes', 'share %']);
  for (const owner of [...ring.owners].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))) {
    owners.push([owner.node, owner.zone ?? '-', owner.weight, owner.vnodes, (owner.share * 100).toFixed(2)]);
  }
  return `${owners.toString()}\n${ring.owners.length} nodes · ${ring.vnodes} vnodes`;
}

/** `w=2 of 3`, `r=quorum (2 of 3)`, `w=local_quorum (2 of 3 in eu)`. */
export function formatLevel(which: 'r' | 'w', receipt: Receipt): string {
  const n = receipt.primaries.length;
  const zone = receipt.zone === undefined ? '' : ` in ${receipt.zone}`;
  if (typeof receipt.consistency === 'number' && zone === '') return `${which}=${receipt.required} of ${n}`;
  return `${which}=${String(receipt.consistency as Consistency)} (${receipt.required} of ${n}${zone})`;
}

function ackName(ack: ReceiptAck): string {
  return ack.counted ? ack.node : `${ack.node} (not counted)`;
}

function list(nodes: readonly string[]): string {
  return nodes.length === 0 ? 'none' : nodes.join(',');
}

/** The parts every receipt shares after what the request achieved: trouble first, then time. */
function receiptTail(receipt: Receipt): string[] {
  const parts: string[] = [];
  if (receipt.hintsWritten.length > 0) parts.push(`hints: ${receipt.hintsWritten.map((hint) => `${hint.hintFor}→${hint.node}`).join(',')}`);
  if (receipt.uncovered.length > 0) parts.push(`uncovered: ${list(receipt.uncovered)}`);
  if (receipt.refusals.length > 0) parts.push(`refused: ${receipt.refusals.map((refusal) => `${refusal.node} (${refusal.reason})`).join(', ')}`);
  parts.push(`via ${receipt.servedBy}`, `${Math.round(receipt.durationMs)} ms`);
  return parts;
}

/** `ok · w=2 of 3 · acks n1,n2 · hints: n3→n2 · via n1 · 3 ms` */
export function formatWriteReceipt(receipt: Receipt, outcome = 'ok'): string {
  return [outcome, formatLevel('w', receipt), `acks ${list(receipt.acks.map(ackName))}`, ...receiptTail(receipt)].join(' · ');
}

/** `r=quorum (2 of 3) · answered n1,n2 · divergent · read repair n3 · via n1 · 2 ms` */
export function formatReadReceipt(receipt: Receipt): string {
  const parts = [formatLevel('r', receipt), `answered ${list(receipt.acks.map(ackName))}`];
  if (receipt.divergent) parts.push('divergent');
  if (receipt.readRepairs.length > 0) parts.push(`read repair ${list(receipt.readRepairs)}`);
  return [...parts, ...receiptTail(receipt)].join(' · ');
}

/** A value for a terminal: strings as they are, bytes as UTF-8 text (or hex), anything else as JSON. */
export function formatValue(shown: ShownValue): string {
  if (shown.kind === 'bytes') return formatBytes(shown.bytes);
  return typeof shown.value === 'string' ? shown.value : toJson(shown.value, 0);
}

function formatBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return `0x${Buffer.from(bytes).toString('hex')} (${bytes.length} bytes, not UTF-8)`;
  }
}

/** What `kv get` prints for a read: the value, or every sibling numbered with a conflict note; then context and receipt. */
export function formatGet(key: string, values: readonly ShownValue[], context: string, receipt: Receipt): string {
  const lines: string[] = [];
  const notCbor = values.some((value) => value.kind === 'bytes');
  if (values.length === 0) lines.push('(not found)');
  else if (values.length === 1 && values[0] !== undefined) lines.push(formatValue(values[0]));
  else {
    lines.push(`conflict: ${values.length} concurrent values (siblings) of ${JSON.stringify(key)}:`);
    values.forEach((value, index) => lines.push(`  [${index + 1}] ${formatValue(value)}`));
    lines.push(`resolve: kv put ${shellWord(key)} <merged value> --context ${context}`);
  }
  if (notCbor) lines.push('note: shown as raw bytes (not CBOR; written with --raw?)');
  lines.push(`context: ${context}`, `receipt: ${formatReadReceipt(receipt)}`);
  return lines.join('\n');
}

function shellWord(text: string): string {
  return /^[A-Za-z0-9._:/@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A note after a write that left the key with concurrent values. */
export function formatSiblingsNote(siblings: number | undefined): string | undefined {
  if (siblings === undefined || siblings <= 1) return undefined;
  return `note: the key now has ${siblings} siblings (a put without the latest --context adds one); kv get shows them`;
}

/** JSON for `--json`: bytes as { base64 }, Maps as objects, bigints as strings. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(toPlain(value, 0), null, indent) ?? 'null';
}

/** A JSON-ready copy (done before stringify, which would turn a Buffer into { type, data } first). */
function toPlain(value: unknown, depth: number): unknown {
  if (depth > 64) return '…';
  if (value instanceof Uint8Array) return { base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlain(v, depth + 1)]));
  if (value instanceof Set || Array.isArray(value)) return [...(value as Iterable<unknown>)].map((item) => toPlain(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v, depth + 1)]));
  }
  return value;
}

/** JSON form of a shown value (a decoded value as is, raw bytes as { base64 }). */
export function shownToJson(shown: ShownValue): unknown {
  return shown.kind === 'decoded' ? shown.value : shown.bytes;
}

/** `error CODE: message`, one line. */
export function formatError(code: string, message: string): string {
  return `error ${code}: ${message.replace(/\s*\n\s*/g, ' ')}`;
}
