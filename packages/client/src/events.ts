// Client events: what the client tells an `onEvent` listener about its connections, for logs
// and dashboards. Nothing depends on a listener: calls fail or succeed on their own, and an
// event is never the only place an error shows up that a call needs to know about.
import type { ErrorCode, KvError } from '@kv/protocol';

export type ClientEvent =
  /** A node welcomed the client; calls flow to it from now on. */
  | { readonly type: 'connected'; readonly url: string; readonly node: string; readonly cluster: string; readonly version: number }
  /** An open connection was lost; its in-flight calls failed with CLOSED and the client redials. */
  | { readonly type: 'disconnected'; readonly url: string; readonly reason: string }
  /** A dial did not reach a welcome; `retryInMs` is undefined when the client gives up. */
  | { readonly type: 'dial-failed'; readonly url: string; readonly error: KvError; readonly attempt: number; readonly retryInMs: number | undefined }
  /** attemptsMax dials failed in a row: waiting calls failed UNAVAILABLE; the next call dials again. */
  | { readonly type: 'gave-up'; readonly error: KvError; readonly attempts: number }
  /**
   * The node reported an error about a frame rather than a request (an `error` with id null), or
   * sent a frame the client could not decode. Requests in that frame time out.
   */
  | { readonly type: 'frame-error'; readonly url: string; readonly code: ErrorCode; readonly message: string };

export type EventListener = (event: ClientEvent) => void;
