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
