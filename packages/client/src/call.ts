// Call: one request from the moment the application asks until it settles. It holds the
// message to send (without its id, which the connection assigns), the deadline the timeout
// counts from, where the call is (waiting for a connection or a pipeline slot, sent, settled)
// and how to turn the node's reply into the caller's result. Settling is idempotent: whichever
// of reply, timeout or connection loss comes first wins, and the others are ignored.
import { KvError } from '@kv/protocol';
import type { ClientRequestMessage, ServerMessage } from '@kv/protocol';

/** A request message before the connection numbers it. */
export type RequestBody = ClientRequestMessage extends infer M ? (M extends ClientRequestMessage ? Omit<M, 'id'> : never) : never;

/** The reply type that answers each request type (an `error` answers any). */
export const replyTypeOf = {
  get: 'got',
  put: 'done',
  delete: 'done',
  status: 'status-reply',
  ring: 'ring-reply',
  repair: 'repair-reply',
} as const satisfies Record<RequestBody['t'], ServerMessage['t']>;

/** Admin requests: no key, no timeoutMs on the wire, no reply grace. */
export function isAdminOp(op: RequestBody['t']): op is 'status' | 'ring' | 'repair' {
  return op === 'status' || op === 'ring' || op === 'repair';
}

export type CallState = 'waiting' | 'sent' | 'settled';

export class Call {
  state: CallState = 'waiting';
  /** The request id on the connection it was sent on (once sent). */
  id: number | undefined;
  /** Armed by the client: the deadline timer, then the reply grace timer. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the deadline passed once already and the call now waits out the reply grace. */
  inGrace = false;

  constructor(
    readonly body: RequestBody,
    /** The call's budget in ms, and when (monotonic ms) it runs out. */
    readonly timeoutMs: number,
    readonly deadlineMs: number,
    private readonly convert: (reply: ServerMessage) => unknown,
    private readonly resolve: (result: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  get op(): RequestBody['t'] {
    return this.body.t;
  }

  /** Settles with the node's answer: the converted result, or the error it carries. */
  answer(reply: ServerMessage): void {
    if (this.state === 'settled') return;
    if (reply.t === 'error') return this.fail(KvError.fromMessage(reply));
    const expected = replyTypeOf[this.op];
    if (reply.t !== expected) return this.fail(new KvError('INTERNAL', `${this.op}: the node answered with '${reply.t}', expected '${expected}'`));
    let result: unknown;
    try {
      result = this.convert(reply);
    } catch (error) {
      return this.fail(error);
    }
    this.settle();
    this.resolve(result);
  }

  fail(error: unknown): void {
    if (this.state === 'settled') return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.state = 'settled';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
