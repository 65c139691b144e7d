// Socket: the one seam between the shared client and a platform's WebSocket (CONVENTIONS.md §2).
// The browser entry wraps the global WebSocket, the Node entry the `ws` package, and tests may
// pass anything that speaks these few calls; nothing else in the client knows which it is.

/** What the client does with a socket's events. Called at most once each for open and closed. */
export interface SocketHandlers {
  onOpen(): void;
  /** A binary message's bytes, or a string for a text message (a protocol error). */
  onMessage(data: Uint8Array | string): void;
  /** The socket is gone (closed or failed); `reason` is for humans. */
  onClosed(reason: string): void;
}

export interface Socket {
  send(bytes: Uint8Array): void;
  /** Starts the closing handshake; onClosed follows. */
  close(code: number, reason: string): void;
}

export interface SocketOptions {
  /** Largest message to accept, in bytes, where the platform can bound it. */
  readonly messageBytesMax: number;
}

/** Opens a binary WebSocket to `url`. May throw for a malformed URL (the dial then fails). */
export type SocketFactory = (url: string, handlers: SocketHandlers, options: SocketOptions) => Socket;

/**
 * The event-handler surface the global WebSocket and `ws` share (ws's error event carries a
 * message). Both platforms' own types declare narrower event types for these handlers, so each
 * factory hands its socket over with a cast: only these members are touched.
 */
export interface EventSocket {
  binaryType: string;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  send(bytes: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/**
 * Wires a WebSocket's events to the handlers (binary messages as bytes, onClosed once, after an
 * error or a close) and returns the Socket over it; `errorReason` says what a failure was.
 */
export function bindSocket(ws: EventSocket, handlers: SocketHandlers, errorReason: (event: { readonly message?: string }) => string): Socket {
  ws.binaryType = 'arraybuffer';
  let closed = false;
  const finish = (reason: string): void => {
    if (closed) return;
    closed = true;
    handlers.onClosed(reason);
  };
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => {
    const data = messageBytes(event.data);
    if (data !== undefined) handlers.onMessage(data);
  };
  ws.onerror = (event) => finish(errorReason(event));
  ws.onclose = (event) => finish(`closed with code ${event.code}${event.reason === '' ? '' : ` (${event.reason})`}`);
  return {
    send: (bytes) => ws.send(bytes),
    close: (code, reason) => ws.close(code, reason),
  };
}

/** The bytes of a message event's `data`: ArrayBuffer, a view, or (ws) an array of fragments. */
export function messageBytes(data: unknown): Uint8Array | string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data) && data.every((part) => ArrayBuffer.isView(part))) return concat(data as ArrayBufferView[]);
  return undefined;
}

function concat(parts: readonly ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}
