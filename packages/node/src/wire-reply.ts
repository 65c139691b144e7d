// Wire replies: a @kv/quorum ClientReply as the protocol's reply message (got / done / error),
// with the receipt in its wire shape (receipt fields that are undefined are left out).
import type { ErrorMessage, GetReplyMessage, Receipt as WireReceipt, WriteReplyMessage } from '@kv/protocol';
import type { ClientReply, Receipt } from '@kv/quorum';

export function wireReceipt(receipt: Receipt, servedBy: string): WireReceipt {
  return {
    consistency: receipt.consistency,
    required: receipt.required,
    sloppy: receipt.sloppy,
    ...(receipt.zone === undefined ? {} : { zone: receipt.zone }),
    primaries: receipt.primaries,
    targets: receipt.targets.map((t) => (t.hintFor === undefined ? { node: t.node } : { node: t.node, hintFor: t.hintFor })),
    uncovered: receipt.uncovered,
    ...(receipt.coordinatedBy === undefined ? {} : { coordinatedBy: receipt.coordinatedBy }),
    acks: receipt.acks.map((a) => ({
      node: a.node,
      role: a.role,
      ...(a.hintFor === undefined ? {} : { hintFor: a.hintFor }),
      ...(a.zone === undefined ? {} : { zone: a.zone }),
      counted: a.counted,
    })),
    refusals: receipt.refusals.map((r) => ({ node: r.node, reason: r.reason })),
    hintsWritten: receipt.hintsWritten,
    divergent: receipt.divergent,
    readRepairs: receipt.readRepairs,
    servedBy,
    durationMs: Math.max(0, Math.round((receipt.finishedAtMs - receipt.startedAtMs) * 1000) / 1000),
  };
}

export type WireReply = GetReplyMessage | WriteReplyMessage | ErrorMessage;

export function wireReply(id: number, reply: ClientReply<Uint8Array>, servedBy: string): WireReply {
  if (!reply.ok) {
    const { error } = reply;
    const message: ErrorMessage = { t: 'error', id, code: error.code, message: error.message };
    return error.receipt === undefined ? message : { ...message, receipt: wireReceipt(error.receipt, servedBy) };
  }
  if (reply.op === 'get') {
    return { t: 'got', id, found: reply.found, values: reply.values, context: reply.context, receipt: wireReceipt(reply.receipt, servedBy) };
  }
  const done: WriteReplyMessage = { t: 'done', id, receipt: wireReceipt(reply.receipt, servedBy) };
  return reply.siblings === undefined ? done : { ...done, siblings: reply.siblings };
}
