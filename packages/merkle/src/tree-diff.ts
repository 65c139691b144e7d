// Tree diff: runs a whole exchange between two local trees, through the same encoded messages
// that two replicas would send each other (TreeExchange on both sides), and reports the
// differing leaves with the traffic it took. Tests and the bench use it; a node drives the two
// TreeExchange sides over the network instead.
import { assert, badRequest } from './errors';
import type { MerkleTree } from './merkle-tree';
import { sameShape } from './tree-shape';
import type { ExchangeOptions, ExchangeRecord } from './tree-exchange';
import { TreeExchange } from './tree-exchange';

/** Traffic of one compare message: `sender` sent `nodesSent` hashes of `level`. */
export interface LevelTraffic {
  readonly level: number;
  readonly sender: 'a' | 'b';
  /** Nodes in the slice sent. */
  readonly nodesSent: number;
  /** How many of them differed from the receiver's tree. */
  readonly nodesDiffering: number;
  /** Encoded size of the message. */
  readonly bytes: number;
}

export interface TreeDiff {
  /** The leaves (segments) where the trees differ, ascending. */
  readonly leaves: number[];
  /** Bytes of every message, both directions. */
  readonly bytesExchanged: number;
  /** Number of messages (one-way trips). */
  readonly messages: number;
  /** The compare messages, root first. */
  readonly perLevel: LevelTraffic[];
  /** Bytes of the final answer naming the differing leaves (0 when there was none). */
  readonly answerBytes: number;
}

function lastReceived(history: readonly ExchangeRecord[]): ExchangeRecord {
  for (let i = history.length - 1; i >= 0; i--) {
    const record = history[i];
    if (record !== undefined && record.direction === 'received') return record;
  }
  assert(false, 'a side that received a message recorded it');
}

/** Finds the leaves where `a` and `b` differ by running the exchange protocol between them. */
export function diffTrees(a: MerkleTree, b: MerkleTree, options: ExchangeOptions = {}): TreeDiff {
  if (!sameShape(a.shape, b.shape)) {
    throw badRequest(`cannot compare a ${a.fanout}×${a.depth} tree with a ${b.fanout}×${b.depth} tree`);
  }
  const sides = { a: new TreeExchange(a, options), b: new TreeExchange(b, options) };
  const perLevel: LevelTraffic[] = [];
  let answerBytes = 0;
  let bytesExchanged = 0;
  let messages = 0;
  let sender: 'a' | 'b' = 'a';
  let message: Uint8Array | null = sides.a.start();
  while (message !== null) {
    const receiver: 'a' | 'b' = sender === 'a' ? 'b' : 'a';
    bytesExchanged += message.length;
    messages++;
    const reply: Uint8Array | null = sides[receiver].receive(message);
    const record = lastReceived(sides[receiver].history);
    if (record.role === 'answer') answerBytes += record.bytes;
    else {
      const { level, nodes: nodesSent, bytes } = record;
      perLevel.push({ level, sender, nodesSent, nodesDiffering: record.differing ?? 0, bytes });
    }
    message = reply;
    sender = receiver;
  }
  assert(sides.a.done && sides.b.done, 'both sides finish together');
  const leaves = Array.from(sides.a.leaves);
  assert(leaves.join() === Array.from(sides.b.leaves).join(), 'both sides find the same leaves');
  return { leaves, bytesExchanged, messages, perLevel, answerBytes };
}
