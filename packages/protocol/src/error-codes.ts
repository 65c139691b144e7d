// Error codes: the closed table of operating errors a kv node or client can report. The same
// code travels in an `error` frame and sits on the KvError the client throws, so a caller can
// branch on `error.code` wherever the error came from (PROTOCOL.md, "Errors"). Adding a code is a
// protocol change: it gets a new row here and in PROTOCOL.md, and older peers map unknown codes
// to INTERNAL.

export interface ErrorCodeInfo {
  /** May the same request succeed if sent again (after a backoff, maybe to another node)? */
  readonly retryable: boolean;
  readonly meaning: string;
}

export const errorCodeTable = {
  BAD_REQUEST: { retryable: false, meaning: 'a field is missing, has the wrong type or is out of range; nothing was written' },
  BAD_FRAME: { retryable: false, meaning: 'the frame is not valid CBOR or not an array of messages; the connection stays open' },
  FRAME_TOO_LARGE: { retryable: false, meaning: 'the frame is over the frameBytesMax the server announced; it was not decoded' },
  PAIR_TOO_LARGE: { retryable: false, meaning: 'key bytes + value bytes are over maxPairBytes; nothing was written anywhere' },
  VERSION_MISMATCH: { retryable: false, meaning: 'no protocol version in common between the hello and the server' },
  UNAUTHORIZED: { retryable: false, meaning: 'a peer handshake failed authentication (wrong cluster or secret)' },
  NOT_READY: { retryable: true, meaning: 'the connection has not completed its hello, or the node is still starting' },
  UNAVAILABLE: { retryable: true, meaning: 'too few replicas are up to reach the requested R or W' },
  TIMEOUT: { retryable: true, meaning: 'R or W answers did not arrive before timeoutMs; a write may still have been applied' },
  OVERLOADED: { retryable: true, meaning: 'a bounded queue is full; back off and retry' },
  CLOSED: { retryable: true, meaning: 'the connection closed before the reply (client-side); a write may have been applied' },
  IO_ERROR: { retryable: true, meaning: 'the node could not read or write its disk' },
  CORRUPTION: { retryable: false, meaning: 'stored data failed its checksum on the node that answered' },
  INTERNAL: { retryable: false, meaning: 'a bug: a broken invariant on the node (reported, never hidden)' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof errorCodeTable;

export const errorCodes = Object.keys(errorCodeTable) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodeTable, value);
}
