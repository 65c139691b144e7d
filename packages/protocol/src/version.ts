// Protocol version: the number both ends of a connection agree on in the handshake. A hello
// names the range a client (or dialing peer) speaks, versionMin..versionMax; the node answers with
// the highest version in both ranges, or VERSION_MISMATCH when there is none (memberlist's
// ProtocolVersionMin/Max, PROTOCOL.md "Handshake").

/** The newest protocol version this package speaks. */
export const protocolVersion = 1;
/** The oldest protocol version this package still speaks. */
export const protocolVersionMin = 1;

/**
 * The highest version in both `min..max` (the peer's range) and
 * `protocolVersionMin..protocolVersion` (ours), or undefined when the ranges do not overlap or
 * the peer's range is not a pair of integers with min ≤ max.
 */
export function negotiateVersion(min: number, max: number): number | undefined {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) return undefined;
  const version = Math.min(max, protocolVersion);
  return version >= Math.max(min, protocolVersionMin) ? version : undefined;
}
