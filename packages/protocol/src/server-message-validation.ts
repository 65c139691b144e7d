// Server message validation: what a client accepts from a node, one function per message type
// (PROTOCOL.md, "Server messages"). The client does not trust the server blindly: a reply that
// does not match its schema becomes a failed item with the reply's id, which the client turns
// into a KvError for that request, instead of a value of the wrong shape reaching the app.
// An `error` with a code this version does not know maps to INTERNAL (PROTOCOL.md, "Forward
// compatibility"), keeping the original code in the message.
import { plainBytes } from './cbor.js';
import { isErrorCode } from './error-codes.js';
import { checkString, failAt, FieldReader } from './field-reader.js';
import { isRequestId } from './frame.js';
import { protocolLimits } from './limits.js';
import { readContext, readCount, readId, readName, readOptionalName, readType, readVersion } from './message-fields.js';
import type {
  ErrorMessage,
  GetReplyMessage,
  MemberInfo,
  RingReplyMessage,
  ServerMessage,
  StatusReplyMessage,
  WelcomeMessage,
  WriteReplyMessage,
  AntiEntropyInfo,
} from './messages.js';
import { readOptionalReceipt, readReceipt } from './receipt-validation.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const listMax = protocolLimits.listItemsMax;

const validators = new Map<string, (r: FieldReader) => ServerMessage>([
  ['welcome', readWelcome],
  ['got', readGot],
  ['done', readDone],
  ['error', readError],
  ['status-reply', readStatusReply],
  ['ring-reply', readRingReply],
  ['repair-reply', (r) => ({ t: 'repair-reply', id: readId(r), pairsTotal: readCount(r, 'pairsTotal') })],
]);

/** Validates one decoded message from a node; throws KvError BAD_REQUEST. */
export function validateServerMessage(value: unknown): ServerMessage {
  const r = FieldReader.of(value, 'message');
  const t = readType(r);
  const validate = validators.get(t);
  if (validate === undefined) return r.fail('t', `names an unknown server message type '${t.slice(0, 32)}'`);
  return validate(r);
}

function readWelcome(r: FieldReader): WelcomeMessage {
  return {
    t: 'welcome',
    version: readVersion(r, 'version'),
    node: readName(r, 'node'),
    cluster: readName(r, 'cluster'),
    frameBytesMax: r.integer('frameBytesMax', 1, Number.MAX_SAFE_INTEGER),
    maxPairBytes: r.integer('maxPairBytes', 1, Number.MAX_SAFE_INTEGER),
    nodes: r.list('nodes', listMax, readUrl),
  };
}

function readGot(r: FieldReader): GetReplyMessage {
  const id = readId(r);
  const found = r.boolean('found');
  const values = r.list('values', listMax, readValueItem);
  if (!found && values.length > 0) r.fail('values', 'must be empty when found is false');
  return { t: 'got', id, found, values, context: readContext(r), receipt: readReceipt(r.map('receipt')) };
}

function readDone(r: FieldReader): WriteReplyMessage {
  const id = readId(r);
  const siblings = r.optionalInteger('siblings', 0, Number.MAX_SAFE_INTEGER);
  const receipt = readReceipt(r.map('receipt'));
  return siblings === undefined ? { t: 'done', id, receipt } : { t: 'done', id, siblings, receipt };
}

function readError(r: FieldReader): ErrorMessage {
  const rawId = r.raw('id');
  if (rawId !== null && !isRequestId(rawId)) r.fail('id', `must be null or an integer in 1..${protocolLimits.requestIdMax}`);
  const rawCode = r.raw('code');
  if (typeof rawCode !== 'string') r.fail('code', 'must be a string');
  let message = r.string('message', { charsMax: protocolLimits.errorMessageCharsMax });
  if (!isErrorCode(rawCode)) message = `${rawCode.slice(0, 64)}: ${message}`;
  const error: Mutable<ErrorMessage> = { t: 'error', id: rawId, code: isErrorCode(rawCode) ? rawCode : 'INTERNAL', message };
  const receipt = readOptionalReceipt(r);
  if (receipt !== undefined) error.receipt = receipt;
  return error;
}

function readStatusReply(r: FieldReader): StatusReplyMessage {
  return {
    t: 'status-reply',
    id: readId(r),
    node: readName(r, 'node'),
    cluster: readName(r, 'cluster'),
    generation: readCount(r, 'generation'),
    uptimeMs: r.number('uptimeMs', 0, Number.MAX_SAFE_INTEGER),
    members: r.list('members', listMax, readMember),
    hints: r.record('hints', listMax, readCountItem),
    requestsInFlight: readCount(r, 'requestsInFlight'),
    keyspaces: r.record('keyspaces', listMax, readKeyspace),
    ...readOptionalAntiEntropy(r),
  };
}

function readOptionalAntiEntropy(r: FieldReader): { antiEntropy?: AntiEntropyInfo } {
  if (!r.has('antiEntropy')) return {};
  const a = r.map('antiEntropy');
  const info: Mutable<AntiEntropyInfo> = {
    groups: readCount(a, 'groups'),
    keys: readCount(a, 'keys'),
    exchangesCompleted: readCount(a, 'exchangesCompleted'),
    exchangesAborted: readCount(a, 'exchangesAborted'),
    setsSent: readCount(a, 'setsSent'),
  };
  if (a.has('round')) {
    const round = a.map('round');
    info.round = { pairsTotal: readCount(round, 'pairsTotal'), pairsDone: readCount(round, 'pairsDone'), finished: round.boolean('finished'), elapsedMs: round.number('elapsedMs', 0, Number.MAX_SAFE_INTEGER) };
  }
  return { antiEntropy: info };
}

function readRingReply(r: FieldReader): RingReplyMessage {
  return { t: 'ring-reply', id: readId(r), vnodes: readCount(r, 'vnodes'), owners: r.list('owners', listMax, readOwner) };
}

function readMember(item: unknown, path: string): MemberInfo {
  const r = FieldReader.nested(item, path);
  const member: Mutable<MemberInfo> = {
    id: readName(r, 'id'),
    url: r.string('url', { charsMin: 1, charsMax: protocolLimits.urlCharsMax }),
    status: r.oneOf('status', ['up', 'suspect', 'down', 'left']),
    generation: readCount(r, 'generation'),
  };
  const zone = readOptionalName(r, 'zone');
  if (zone !== undefined) member.zone = zone;
  const lastHeardMs = r.optionalNumber('lastHeardMs', 0, Number.MAX_SAFE_INTEGER);
  if (lastHeardMs !== undefined) member.lastHeardMs = lastHeardMs;
  return member;
}

function readOwner(item: unknown, path: string): RingReplyMessage['owners'][number] {
  const r = FieldReader.nested(item, path);
  const node = readName(r, 'node');
  const zone = readOptionalName(r, 'zone');
  const rest = { weight: r.number('weight', 0, Number.MAX_SAFE_INTEGER), vnodes: readCount(r, 'vnodes'), share: r.number('share', 0, 1) };
  return zone === undefined ? { node, ...rest } : { node, zone, ...rest };
}

function readKeyspace(item: unknown, path: string): { readonly n: number } {
  return { n: FieldReader.nested(item, path).integer('n', 1, protocolLimits.replicasMax) };
}

function readUrl(item: unknown, path: string): string {
  return checkString(item, path, { charsMin: 1, charsMax: protocolLimits.urlCharsMax });
}

function readValueItem(item: unknown, path: string): Uint8Array {
  if (!(item instanceof Uint8Array)) return failAt(path, 'must be a byte string');
  return plainBytes(item);
}

function readCountItem(item: unknown, path: string): number {
  if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0) {
    return failAt(path, 'must be a non-negative integer');
  }
  return item;
}
