// Nonce cache: the peer-hello nonces an acceptor admitted recently, so a recorded hello replayed
// within the clock-skew window is refused even though its proof is valid (PROTOCOL.md, "Peer
// handshake").
import { peerClockSkewMsMax } from './peer-auth.js';

/**
 * Nonces of hellos accepted within the skew window: a recorded hello replayed inside the window
 * is refused too. Bounded: past `seenNoncesMax` the oldest are forgotten (a replay then still
 * needs the secret-bearing proof to be fresh within 60 s).
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly seenNoncesMax = 4096) {}

  /** Records the nonce; false when it was seen within the window. */
  admit(nonce: Uint8Array, nowMs: number): boolean {
    const key = Buffer.from(nonce).toString('base64');
    for (const [old, atMs] of this.seen) {
      if (nowMs - atMs <= peerClockSkewMsMax * 2 && this.seen.size < this.seenNoncesMax) break;
      this.seen.delete(old);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowMs);
    return true;
  }
}
