// Receipt validation: the client checks the consistency receipt a node sends with every result
// (and with UNAVAILABLE/TIMEOUT errors) before showing it to the application, since a receipt is
// what the user reads to learn which replicas acknowledged (DESIGN.md, "Receipts").
import { checkString, FieldReader } from './field-reader.js';
import { protocolLimits } from './limits.js';
import { readConsistency, readName, readOptionalName } from './message-fields.js';
import type { Receipt, ReceiptAck } from './messages.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const listMax = protocolLimits.listItemsMax;

export function readReceipt(r: FieldReader): Receipt {
  const receipt: Mutable<Receipt> = {
    consistency: readConsistency(r, 'consistency'),
    required: r.integer('required', 0, protocolLimits.replicasMax),
    sloppy: r.boolean('sloppy'),
    primaries: r.list('primaries', listMax, readNameItem),
    targets: r.list('targets', listMax, readTarget),
    uncovered: r.list('uncovered', listMax, readNameItem),
    acks: r.list('acks', listMax, readAck),
    refusals: r.list('refusals', listMax, readRefusal),
    hintsWritten: r.list('hintsWritten', listMax, readHintWritten),
    divergent: r.boolean('divergent'),
    readRepairs: r.list('readRepairs', listMax, readNameItem),
    servedBy: readName(r, 'servedBy'),
    durationMs: r.number('durationMs', 0, Number.MAX_SAFE_INTEGER),
  };
  const zone = readOptionalName(r, 'zone');
  if (zone !== undefined) receipt.zone = zone;
  const coordinatedBy = readOptionalName(r, 'coordinatedBy');
  if (coordinatedBy !== undefined) receipt.coordinatedBy = coordinatedBy;
  return receipt;
}

/** The optional `receipt` field of an error message. */
export function readOptionalReceipt(r: FieldReader): Receipt | undefined {
  return r.has('receipt') ? readReceipt(r.map('receipt')) : undefined;
}

/** A list item that is a node id (1..nameCharsMax characters). */
export function readNameItem(item: unknown, path: string): string {
  return checkString(item, path, { charsMin: 1, charsMax: protocolLimits.nameCharsMax });
}

function readTarget(item: unknown, path: string): Receipt['targets'][number] {
  const r = FieldReader.nested(item, path);
  const node = readName(r, 'node');
  const hintFor = readOptionalName(r, 'hintFor');
  return hintFor === undefined ? { node } : { node, hintFor };
}

function readAck(item: unknown, path: string): ReceiptAck {
  const r = FieldReader.nested(item, path);
  const ack: Mutable<ReceiptAck> = {
    node: readName(r, 'node'),
    role: r.oneOf('role', ['primary', 'fallback']),
    counted: r.boolean('counted'),
  };
  const hintFor = readOptionalName(r, 'hintFor');
  if (hintFor !== undefined) ack.hintFor = hintFor;
  const zone = readOptionalName(r, 'zone');
  if (zone !== undefined) ack.zone = zone;
  return ack;
}

function readRefusal(item: unknown, path: string): Receipt['refusals'][number] {
  const r = FieldReader.nested(item, path);
  return { node: readName(r, 'node'), reason: r.string('reason', { charsMax: protocolLimits.errorMessageCharsMax }) };
}

function readHintWritten(item: unknown, path: string): Receipt['hintsWritten'][number] {
  const r = FieldReader.nested(item, path);
  return { node: readName(r, 'node'), hintFor: readName(r, 'hintFor') };
}
