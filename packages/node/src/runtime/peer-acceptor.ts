// Peer acceptor: the inbound side of a peer connection. The first frame must be a peer-hello
// from the same cluster, with a protocol version in common, a clock within the skew window and
// a valid proof of the secret; anything else gets a peer-error and the connection is closed.
// After the handshake, gossip and quorum messages go to the node loop under the peer's
// authenticated address and id (the `from` a peer writes in a message is not trusted).
import type { PeerMessage } from '@kv/protocol/peer';
import { decodePeerFrame, encodePeerFrame } from '@kv/protocol/peer';
import { negotiateVersion } from '@kv/protocol';
import type WebSocket from 'ws';
import type { Logger } from '../node-options.js';
import type { NonceCache } from './nonce-cache.js';
import { peerClockSkewMsMax, peerProof, proofMatches } from './peer-auth.js';

export interface PeerAcceptorHost {
  readonly cluster: string;
  readonly secret: string;
  readonly node: string;
  readonly frameBytesMax: number;
  readonly nonces: NonceCache;
  generation(): number;
  onGossip(fromAddress: string, message: unknown): void;
  onQuorum(fromNode: string, message: unknown): void;
  readonly logger: Logger;
}

export function acceptPeer(socket: WebSocket, host: PeerAcceptorHost, remote: string): void {
  let peer: { readonly node: string; readonly address: string } | undefined;
  const refuse = (code: 'VERSION_MISMATCH' | 'UNAUTHORIZED' | 'BAD_FRAME' | 'FRAME_TOO_LARGE', message: string): void => {
    host.logger.warn({ remote, code, reason: message }, 'peer connection refused');
    socket.send(encodePeerFrame([{ t: 'peer-error', code, message }]));
    socket.close(1008, code);
  };
  socket.on('error', () => undefined);
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return refuse('BAD_FRAME', 'peer frames are binary');
    const frame = decodePeerFrame(data, { frameBytesMax: host.frameBytesMax });
    if (!frame.ok) return refuse(frame.code, frame.message);
    for (const item of frame.items) {
      if (!item.ok) continue; // a bad message from an authenticated peer: dropped, the rest of the frame still counts
      const message: PeerMessage = item.message;
      if (peer === undefined) {
        if (message.t !== 'peer-hello') return refuse('UNAUTHORIZED', 'the first message must be peer-hello');
        const problem = helloProblem(message, host);
        if (problem !== undefined) return refuse(problem.code, problem.message);
        const version = negotiateVersion(message.versionMin, message.versionMax)!;
        peer = { node: message.node, address: message.address };
        const fields = { cluster: host.cluster, node: host.node, generation: host.generation(), nonce: message.nonce, timeMs: message.timeMs };
        socket.send(encodePeerFrame([{ t: 'peer-welcome', version, node: host.node, generation: fields.generation, proof: peerProof(host.secret, 'welcome', fields) }]));
        continue;
      }
      if (message.t === 'gossip') host.onGossip(peer.address, message.m);
      else if (message.t === 'quorum') host.onQuorum(peer.node, message.m);
    }
    return undefined;
  });
}

function helloProblem(
  hello: Extract<PeerMessage, { t: 'peer-hello' }>,
  host: PeerAcceptorHost,
): { code: 'VERSION_MISMATCH' | 'UNAUTHORIZED'; message: string } | undefined {
  if (negotiateVersion(hello.versionMin, hello.versionMax) === undefined) {
    return { code: 'VERSION_MISMATCH', message: `no common protocol version with ${hello.versionMin}..${hello.versionMax}` };
  }
  if (hello.cluster !== host.cluster) return { code: 'UNAUTHORIZED', message: `this node is in cluster ${host.cluster}, not ${hello.cluster}` };
  if (Math.abs(Date.now() - hello.timeMs) > peerClockSkewMsMax) return { code: 'UNAUTHORIZED', message: 'peer clock too far from ours (or a replayed hello)' };
  const fields = { cluster: hello.cluster, node: hello.node, generation: hello.generation, nonce: hello.nonce, timeMs: hello.timeMs };
  if (!proofMatches(host.secret, 'hello', fields, hello.proof)) return { code: 'UNAUTHORIZED', message: 'bad proof: wrong cluster secret' };
  if (!host.nonces.admit(hello.nonce, Date.now())) return { code: 'UNAUTHORIZED', message: 'replayed hello (nonce seen before)' };
  return undefined;
}
