// Peer proof input: the exact bytes the HMAC-SHA256 of a peer handshake covers (PROTOCOL.md,
// "Proof input"). A domain-separation string first, so a hello proof can never be replayed as a
// welcome proof (or by another protocol using the same secret), then each field length-prefixed
// in a fixed order, so no two field lists share an encoding. The node runtime computes the HMAC
// with node:crypto; this package stays sans-IO and only defines what is signed.
import { assert } from './assert.js';
import { isWellFormed } from './key.js';

export type PeerProofKind = 'hello' | 'welcome';

export interface PeerProofFields {
  /** The cluster name (the same on both sides). */
  readonly cluster: string;
  /** hello: the dialer's node id and generation; welcome: the acceptor's. */
  readonly node: string;
  readonly generation: number;
  /** The dialer's nonce from its peer-hello (both proofs cover it). */
  readonly nonce: Uint8Array;
  /** The dialer's timeMs from its peer-hello (both proofs cover it). */
  readonly timeMs: number;
}

/** Domain-separation strings, one per proof kind and layout version; never reused. */
export const peerProofDomains: Readonly<Record<PeerProofKind, string>> = {
  hello: 'kv-peer-hello-v1',
  welcome: 'kv-peer-welcome-v1',
};

const utf8 = new TextEncoder();

/**
 * `input := field(domain) field(cluster) field(node) field(generation) field(nonce) field(timeMs)`
 * with `field(x) := length:u32be x[length]`, strings as UTF-8 and the two integers as u64be.
 */
export function peerProofInput(kind: PeerProofKind, fields: PeerProofFields): Uint8Array {
  assert(isWellFormed(fields.cluster) && isWellFormed(fields.node), 'peerProofInput: cluster and node must be well-formed strings');
  assert(isUint53(fields.generation), `peerProofInput: generation must be a non-negative safe integer, got ${fields.generation}`);
  assert(isUint53(fields.timeMs), `peerProofInput: timeMs must be a non-negative safe integer, got ${fields.timeMs}`);
  const parts = [
    utf8.encode(peerProofDomains[kind]),
    utf8.encode(fields.cluster),
    utf8.encode(fields.node),
    u64be(fields.generation),
    fields.nonce,
    u64be(fields.timeMs),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length, false);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}

function isUint53(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function u64be(value: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(value / 2 ** 32), false);
  view.setUint32(4, value % 2 ** 32, false);
  return out;
}
