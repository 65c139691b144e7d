// Peer message validation: what a node accepts from another node, envelopes only (PROTOCOL.md,
// "Peer protocol"). The handshake messages are checked completely (their proof is verified by
// the runtime over peerProofInput); for `gossip` and `quorum` only the sender and the presence
// of the payload are checked here, since @kv/gossip and @kv/quorum validate their own messages
// and never trust their input.
import { FieldReader } from './field-reader.js';
import { protocolLimits } from './limits.js';
import { readCount, readName, readType, readVersion, readVersionRange } from './message-fields.js';
import type { PeerErrorMessage, PeerHelloMessage, PeerMessage, PeerWelcomeMessage } from './peer-messages.js';

/** Nonce length bounds in bytes: 16 bytes (128 bits) make a replayed hello detectable, 64 is plenty. */
export const peerNonceBytesMin = 16;
export const peerNonceBytesMax = 64;
/** HMAC-SHA256 output length in bytes. */
export const peerProofBytes = 32;

const peerErrorCodes = ['VERSION_MISMATCH', 'UNAUTHORIZED', 'BAD_FRAME', 'FRAME_TOO_LARGE', 'OVERLOADED'] as const;

const validators = new Map<string, (r: FieldReader) => PeerMessage>([
  ['peer-hello', readPeerHello],
  ['peer-welcome', readPeerWelcome],
  ['gossip', (r) => ({ t: 'gossip', from: readName(r, 'from'), m: readPayload(r) })],
  ['quorum', (r) => ({ t: 'quorum', from: readName(r, 'from'), m: readPayload(r) })],
  ['peer-error', readPeerError],
]);

/** Validates one decoded message from a peer; throws KvError BAD_REQUEST. */
export function validatePeerMessage(value: unknown): PeerMessage {
  const r = FieldReader.of(value, 'message');
  const t = readType(r);
  const validate = validators.get(t);
  if (validate === undefined) return r.fail('t', `names an unknown peer message type '${t.slice(0, 32)}'`);
  return validate(r);
}

function readPeerHello(r: FieldReader): PeerHelloMessage {
  const { versionMin, versionMax } = readVersionRange(r);
  return {
    t: 'peer-hello',
    versionMin,
    versionMax,
    cluster: readName(r, 'cluster'),
    node: readName(r, 'node'),
    generation: readCount(r, 'generation'),
    address: r.string('address', { charsMin: 1, charsMax: protocolLimits.urlCharsMax }),
    nonce: r.bytes('nonce', peerNonceBytesMin, peerNonceBytesMax),
    timeMs: readCount(r, 'timeMs'),
    proof: r.bytes('proof', peerProofBytes, peerProofBytes),
  };
}

function readPeerWelcome(r: FieldReader): PeerWelcomeMessage {
  return {
    t: 'peer-welcome',
    version: readVersion(r, 'version'),
    node: readName(r, 'node'),
    generation: readCount(r, 'generation'),
    proof: r.bytes('proof', peerProofBytes, peerProofBytes),
  };
}

function readPeerError(r: FieldReader): PeerErrorMessage {
  return {
    t: 'peer-error',
    code: r.oneOf('code', peerErrorCodes),
    message: r.string('message', { charsMax: protocolLimits.errorMessageCharsMax }),
  };
}

function readPayload(r: FieldReader): unknown {
  if (!r.has('m')) r.fail('m', 'is required: the payload for the protocol core');
  return r.raw('m');
}
