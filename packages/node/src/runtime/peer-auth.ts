// Peer authentication: the HMAC-SHA256 proofs of the internode handshake (PROTOCOL.md, "Peer
// handshake"). Both sides prove they hold the cluster secret over the dialer's fresh nonce; the
// acceptor also refuses a hello whose clock is too far from its own, so a recorded hello cannot
// be replayed later.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { peerProofInput } from '@kv/protocol/peer';

export const peerNonceBytes = 32;
/** Largest clock difference between two peers at handshake. */
export const peerClockSkewMsMax = 60_000;

export interface ProofFields {
  readonly cluster: string;
  readonly node: string;
  readonly generation: number;
  readonly nonce: Uint8Array;
  readonly timeMs: number;
}

export function newNonce(): Uint8Array {
  return randomBytes(peerNonceBytes);
}

export function peerProof(secret: string, kind: 'hello' | 'welcome', fields: ProofFields): Uint8Array {
  return createHmac('sha256', secret).update(peerProofInput(kind, fields)).digest();
}

export function proofMatches(secret: string, kind: 'hello' | 'welcome', fields: ProofFields, proof: Uint8Array): boolean {
  const expected = peerProof(secret, kind, fields);
  return proof.length === expected.length && timingSafeEqual(expected, proof);
}
