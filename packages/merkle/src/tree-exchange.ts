// Tree exchange: one replica's side of the level-by-level comparison that finds the leaves
// where two trees differ, as a sans-IO state machine (CONVENTIONS.md §1): it takes the peer's
// message and returns the message to send back, and never does IO itself. Every message is an
// encoded LevelSlice, and a side answers a slice with the *children* of the nodes that differed
// (its own hashes), so each message both answers and asks:
//
//   A → B  level 0: A's root
//   B → A  level 1: B's hashes of the children of the differing roots (or an empty slice: equal)
//   A → B  level 2: A's hashes of the children of the level-1 nodes that differed …
//   X → Y  level depth: X's hashes of candidate leaves; Y compares them, knows the differing leaves
//   Y → X  level depth: Y's hashes of exactly the differing leaves (the answer); X knows them too
//
// A side that finds nothing differing sends an empty slice of the next level and stops; a side
// that receives an empty slice stops. That is depth + 2 messages at most, every one carrying
// hashes the receiver compares, where a request/answer-per-level flow needs 2 (depth + 1).
import { assert, badRequest } from './errors';
import { childIndices } from './level-slice';
import type { MerkleTree } from './merkle-tree';
import type { DecodeSliceOptions } from './slice-codec';
import { decodeSlice, encodeSlice } from './slice-codec';

/** One message an exchange side sent or received. */
export interface ExchangeRecord {
  readonly direction: 'sent' | 'received';
  /** 'compare': the receiver compares the nodes; 'answer': the differing leaves, ending the exchange. */
  readonly role: 'compare' | 'answer';
  readonly level: number;
  /** Nodes in the slice. */
  readonly nodes: number;
  /** Encoded size in bytes. */
  readonly bytes: number;
  /** For a received slice this side compared: how many of its nodes differed here; else null. */
  readonly differing: number | null;
}

export type ExchangeOptions = DecodeSliceOptions;

export class TreeExchange {
  readonly #tree: MerkleTree;
  readonly #options: ExchangeOptions;
  /** Level of the last slice this side sent; null before it sent any. */
  #sentLevel: number | null = null;
  #leaves: Uint32Array | null = null;
  /** Every message this side sent or received, in order. */
  readonly history: ExchangeRecord[] = [];

  /**
   * One side of an exchange over `tree`. The tree must not change until the exchange is done;
   * exchange a `tree.clone()` if writes go on meanwhile.
   */
  constructor(tree: MerkleTree, options: ExchangeOptions = {}) {
    this.#tree = tree;
    this.#options = options;
  }

  /** True once this side knows the differing leaves. */
  get done(): boolean {
    return this.#leaves !== null;
  }

  /** The leaves (segments) where the trees differ, ascending; only once done. */
  get leaves(): Uint32Array {
    assert(this.#leaves !== null, 'leaves are known only once the exchange is done');
    return this.#leaves;
  }

  /** The initiator's first message: its root. */
  start(): Uint8Array {
    assert(this.#sentLevel === null && this.history.length === 0, 'start() opens a fresh exchange');
    return this.#send(0, Uint32Array.of(0), 'compare');
  }

  /**
   * Takes the peer's message; returns the message to send back, or null when there is none
   * (this side is then done). Throws MerkleError BAD_REQUEST for a malformed message or one
   * out of turn (wrong level, after the exchange ended).
   */
  receive(message: Uint8Array): Uint8Array | null {
    if (this.done) throw badRequest('exchange is already done; no more messages are expected');
    const slice = decodeSlice(message, this.#tree.shape, this.#options);
    const depth = this.#tree.depth;
    const answering = this.#sentLevel === depth;
    const expected = this.#sentLevel === null ? 0 : answering ? depth : this.#sentLevel + 1;
    if (slice.level !== expected) {
      throw badRequest(`exchange expected a slice of level ${expected}, got level ${slice.level}`);
    }
    const role = answering ? 'answer' : 'compare';
    const record = { direction: 'received', role, level: slice.level, nodes: slice.indices.length, bytes: message.length } as const;
    if (slice.indices.length === 0) {
      this.history.push({ ...record, differing: null });
      this.#leaves = new Uint32Array(0);
      return null;
    }
    const differing = this.#tree.diffSlice(slice);
    this.history.push({ ...record, differing: differing.length });
    if (answering) {
      this.#leaves = differing;
      return null;
    }
    if (slice.level === depth) {
      this.#leaves = differing;
      return this.#send(depth, differing, 'answer');
    }
    const children = childIndices(differing, this.#tree.fanout);
    if (children.length === 0) this.#leaves = children;
    return this.#send(slice.level + 1, children, 'compare');
  }

  #send(level: number, indices: Uint32Array, role: ExchangeRecord['role']): Uint8Array {
    const message = encodeSlice(this.#tree.slice(level, indices));
    this.#sentLevel = level;
    this.history.push({ direction: 'sent', role, level, nodes: indices.length, bytes: message.length, differing: null });
    return message;
  }
}
