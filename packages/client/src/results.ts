// Results: what each call resolves to. A read's result is a discriminated union on `kind` —
// missing, one value, or a conflict of concurrent siblings — so TypeScript makes the
// application handle a conflict before it can touch a `value` (Dynamo §4.4: "the client must
// perform the reconciliation"). A read with a resolver collapses the siblings into one `value`
// instead. Every result carries the node's consistency receipt.
import type { GetReplyMessage, Receipt, RingReplyMessage, StatusReplyMessage, WriteReplyMessage } from '@kv/protocol';
import type { Context } from './context.js';
import { KvError } from '@kv/protocol';

interface ResultBase {
  /** Hand it to the next put or delete of this key to supersede what this read saw. */
  readonly context: Context;
  /** What the read achieved: who answered, divergence, read repairs (@kv/quorum's receipt). */
  readonly receipt: Receipt;
}

/** No live value: never written, or deleted. */
export interface MissingResult extends ResultBase {
  readonly kind: 'missing';
  readonly found: false;
  readonly siblings: readonly [];
}

/** Exactly one live value. */
export interface ValueResult<T> extends ResultBase {
  readonly kind: 'value';
  readonly found: true;
  readonly value: T;
  readonly siblings: readonly [T];
}

/** Several concurrent values: resolve them and put the result with this context. */
export interface ConflictResult<T> extends ResultBase {
  readonly kind: 'conflict';
  readonly found: true;
  readonly siblings: readonly T[];
}

export type GetResult<T> = MissingResult | ValueResult<T> | ConflictResult<T>;

/** Merges concurrent siblings (always two or more) into one value. */
export type Resolver<T> = (siblings: readonly T[]) => T;

/** A read whose siblings went through a resolver. */
export interface ResolvedGetResult<T> extends ResultBase {
  readonly found: boolean;
  /** The one value, the resolver's merge of several, or undefined when missing. */
  readonly value: T | undefined;
  /** Every sibling read; a put with `context` supersedes all of them. */
  readonly siblings: readonly T[];
  /** How many siblings `value` stands for (0 missing, 1 plain value, ≥ 2 resolved). */
  readonly resolvedFrom: number;
}

export interface PutResult {
  readonly receipt: Receipt;
  /** Siblings at the coordinating replica after the write, when the node says (1 = no conflict). */
  readonly siblings?: number;
}

export interface DeleteResult {
  readonly receipt: Receipt;
  readonly siblings?: number;
  /** The receipt of the read the SDK made first when the delete came without a context. */
  readonly readReceipt?: Receipt;
}

/** The node's view of the cluster (`kv status`). */
export type StatusReport = Omit<StatusReplyMessage, 't' | 'id'>;
/** The ring's owners and their shares (`kv ring`). */
export type RingReport = Omit<RingReplyMessage, 't' | 'id'>;

/** The union result of a `got` reply whose siblings are already decoded. */
export function toGetResult<T>(reply: GetReplyMessage, siblings: readonly T[]): GetResult<T> {
  const base = { context: reply.context as Context, receipt: reply.receipt };
  const first = siblings[0];
  if (!reply.found || first === undefined) {
    if (reply.found || siblings.length > 0) throw new KvError('INTERNAL', `get: the node's reply says found=${String(reply.found)} with ${siblings.length} values`);
    return { kind: 'missing', found: false, siblings: [], ...base };
  }
  if (siblings.length === 1) return { kind: 'value', found: true, value: first, siblings: [first], ...base };
  return { kind: 'conflict', found: true, siblings, ...base };
}

/** The resolved form of a read: one value, merged by `resolve` when there are several. */
export function resolveGetResult<T>(result: GetResult<T>, resolve: Resolver<T>): ResolvedGetResult<T> {
  const base = { context: result.context, receipt: result.receipt, found: result.found, siblings: result.siblings };
  switch (result.kind) {
    case 'missing':
      return { ...base, value: undefined, resolvedFrom: 0 };
    case 'value':
      return { ...base, value: result.value, resolvedFrom: 1 };
    case 'conflict':
      return { ...base, value: resolve(result.siblings), resolvedFrom: result.siblings.length };
  }
}

export function toPutResult(reply: WriteReplyMessage): PutResult {
  return reply.siblings === undefined ? { receipt: reply.receipt } : { receipt: reply.receipt, siblings: reply.siblings };
}

export function stripEnvelope<M extends { readonly t: string; readonly id: number }>(reply: M): Omit<M, 't' | 'id'> {
  const { t: _t, id: _id, ...body } = reply;
  return body;
}
