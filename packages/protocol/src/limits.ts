// Protocol limits: every bound a decoder enforces on client and peer traffic, in one object,
// each with its unit and the reason for its value (CONVENTIONS.md §8, PROTOCOL.md "Limits").
// They bound what a hostile or broken peer can make a node or a client hold before the message
// is even looked at. Nodes announce their own frameBytesMax and maxPairBytes in `welcome`;
// these are the defaults and the hard ceilings.

export const protocolLimits = {
  /** Longest key in bytes (UTF-8 for string keys): the data model's key limit (DESIGN.md §4). */
  keyBytesMax: 1024,
  /** Default largest key + value in bytes (10 KiB): the cluster's maxPairBytes unless configured. */
  maxPairBytesDefault: 10_240,
  /** Largest client frame in bytes (1 MiB): room for ~100 max-size pairs pipelined in one frame. */
  clientFrameBytesMax: 1_048_576,
  /** Largest peer frame in bytes (32 MiB): Merkle repair and hint replay batches are bigger than client frames. */
  peerFrameBytesMax: 33_554_432,
  /**
   * Largest node → client frame in bytes (32 MiB), the client's default: replies can outweigh the
   * requests (a get returns every sibling), so a node splits its reply frames to stay under it.
   */
  serverFrameBytesMax: 33_554_432,
  /** Most messages in one client ↔ node frame (either direction): bounds the per-frame fan-out of replies and work. */
  messagesPerFrameMax: 1024,
  /** Most messages in one peer frame: a turn's coalesced gossip + quorum traffic to one peer. */
  peerMessagesPerFrameMax: 8192,
  /** Largest request id: ids are JS numbers, so the largest exact integer (2^53 − 1). */
  requestIdMax: Number.MAX_SAFE_INTEGER,
  /** Longest `agent` in a hello, in UTF-16 code units: a product/version/platform string. */
  agentCharsMax: 128,
  /** Longest keyspace name in UTF-16 code units (as @kv/quorum's keyspaceCharsMax). */
  keyspaceCharsMax: 64,
  /**
   * Longest context token in UTF-16 code units (64 Ki chars): a @kv/vclock token of a clock with
   * its 1024-entry ceiling and long actor ids still fits; anything longer is not a real token.
   */
  contextBytesMax: 65_536,
  /** Longest error message in UTF-16 code units: a sentence, never a dump (KvError.toMessage truncates). */
  errorMessageCharsMax: 1024,
  /** Longest request timeout in ms: Riak's default request timeout (60 s), as @kv/quorum's timeoutMsMax. */
  timeoutMsMax: 60_000,
  /** Most replicas per key (N) and so the largest numeric consistency level (as @kv/quorum). */
  replicasMax: 16,
  /** Longest node id, cluster name, zone or gossip address in UTF-16 code units. */
  nameCharsMax: 256,
  /** Longest URL (welcome `nodes`, member urls, peer-hello `address`) in UTF-16 code units. */
  urlCharsMax: 2048,
  /** Most items in any list or record of a server message (members, owners, siblings, receipt lists). */
  listItemsMax: 65_536,
  /** Largest protocol version number either side may name in versionMin / versionMax. */
  versionNumberMax: 65_535,
} as const;

export type ProtocolLimits = typeof protocolLimits;
