// Client message validation: what a node accepts from a client, one function per message type
// (PROTOCOL.md, "Client messages"). Each builds the validated message field by field, so unknown
// fields are ignored and never copied (forward compatibility), and throws KvError BAD_REQUEST
// naming the first bad field. Semantic checks that need the cluster (the pair-size limit, the
// keyspace existing, the context token decoding) are the node's and @kv/quorum's.
import { FieldReader } from './field-reader.js';
import { protocolLimits } from './limits.js';
import {
  readContext,
  readId,
  readKey,
  readOptionalConsistency,
  readType,
  readVersionRange,
} from './message-fields.js';
import type { ClientMessage, DeleteMessage, GetMessage, HelloMessage, PutMessage } from './messages.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const validators = new Map<string, (r: FieldReader) => ClientMessage>([
  ['hello', readHello],
  ['get', readGet],
  ['put', readPut],
  ['delete', readDelete],
  ['status', (r) => ({ t: 'status', id: readId(r) })],
  ['ring', (r) => ({ t: 'ring', id: readId(r) })],
  ['repair', (r) => ({ t: 'repair', id: readId(r) })],
]);

/** Validates one decoded message from a client; throws KvError BAD_REQUEST. */
export function validateClientMessage(value: unknown): ClientMessage {
  const r = FieldReader.of(value, 'message');
  const t = readType(r);
  const validate = validators.get(t);
  if (validate === undefined) return r.fail('t', `names an unknown client message type '${t.slice(0, 32)}'`);
  return validate(r);
}

function readHello(r: FieldReader): HelloMessage {
  const { versionMin, versionMax } = readVersionRange(r);
  const agent = r.string('agent', { charsMax: protocolLimits.agentCharsMax });
  return { t: 'hello', versionMin, versionMax, agent };
}

/** Adds the optional fields every key request may have (no spreads: this is the hot path). */
function readRequestOptions(r: FieldReader, message: Mutable<GetMessage | PutMessage | DeleteMessage>): void {
  const keyspace = r.optionalString('keyspace', { charsMin: 1, charsMax: protocolLimits.keyspaceCharsMax });
  if (keyspace !== undefined) message.keyspace = keyspace;
  const timeoutMs = r.optionalInteger('timeoutMs', 1, protocolLimits.timeoutMsMax);
  if (timeoutMs !== undefined) message.timeoutMs = timeoutMs;
  const sloppy = r.optionalBoolean('sloppy');
  if (sloppy !== undefined) message.sloppy = sloppy;
}

function readGet(r: FieldReader): GetMessage {
  const message: Mutable<GetMessage> = { t: 'get', id: readId(r), key: readKey(r) };
  readRequestOptions(r, message);
  const level = readOptionalConsistency(r, 'r');
  if (level !== undefined) message.r = level;
  return message;
}

function readPut(r: FieldReader): PutMessage {
  // The value's size is bounded by the frame; the pair limit is the node's (PAIR_TOO_LARGE).
  const message: Mutable<PutMessage> = { t: 'put', id: readId(r), key: readKey(r), value: r.bytes('value', 0, Number.MAX_SAFE_INTEGER) };
  readRequestOptions(r, message);
  if (r.has('context')) message.context = readContext(r);
  const level = readOptionalConsistency(r, 'w');
  if (level !== undefined) message.w = level;
  return message;
}

function readDelete(r: FieldReader): DeleteMessage {
  const id = readId(r);
  const key = readKey(r);
  if (!r.has('context')) r.fail('context', 'is required: a delete supersedes the values of a read');
  const message: Mutable<DeleteMessage> = { t: 'delete', id, key, context: readContext(r) };
  readRequestOptions(r, message);
  const level = readOptionalConsistency(r, 'w');
  if (level !== undefined) message.w = level;
  return message;
}
