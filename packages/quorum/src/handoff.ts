// Hinted handoff (Dynamo §4.6): once an owner is up again, the fallback sends it every set it
// holds hinted for it, and deletes a hint only after the owner acknowledged storing exactly that
// set. A window bounds the sets in flight per owner (`handoffInFlightMax`); an unacknowledged
// send is retried after `handoffRetryMs` with a new sequence number, so a late ack of an older
// send is ignored. If the hint changed while its handoff was in flight (another hinted write for
// the same key synced into it), the ack does not delete it and the next round sends the new set.
import type { PlainSet, SiblingSet } from '@kv/vclock';
import { setEquals, toPlain } from '@kv/vclock';
import type { HintStore } from './hint-store.js';
import type { Key } from './key.js';
import { KeyMap } from './key-map.js';
import type { HandoffMessage } from './messages.js';

interface InFlight<V> {
  readonly seq: number;
  readonly key: Key;
  readonly set: SiblingSet<V>;
  readonly sentAtMs: number;
}

export type HandoffAckOutcome = 'completed' | 'superseded' | 'ignored';

export class HandoffWindow<V> {
  private seq = 0;
  private readonly inFlight = new Map<string, KeyMap<InFlight<V>>>();

  constructor(
    private readonly hints: HintStore<V>,
    private readonly windowMax: number,
    private readonly retryMs: number,
  ) {}

  /** The handoff messages to send `target` now: stale sends again, then new hints up to the window. */
  pump(target: string, nowMs: number): HandoffMessage<PlainSet<V>>[] {
    let window = this.inFlight.get(target);
    if (window === undefined) this.inFlight.set(target, (window = new KeyMap()));
    const messages: HandoffMessage<PlainSet<V>>[] = [];
    for (const entry of [...window.values()]) {
      if (nowMs - entry.sentAtMs < this.retryMs) continue;
      window.delete(entry.key); // refilled below with the hint as it is now, if it still exists
    }
    if (window.size >= this.windowMax) return messages;
    for (const hint of this.hints.list(target, this.windowMax + window.size)) {
      if (window.has(hint.key)) continue;
      const entry: InFlight<V> = { seq: ++this.seq, key: hint.key, set: hint.set, sentAtMs: nowMs };
      window.set(hint.key, entry);
      messages.push({ type: 'handoff', seq: entry.seq, key: hint.key, set: toPlain(hint.set) });
      if (window.size >= this.windowMax) break;
    }
    return messages;
  }

  /** The owner acknowledged a handoff: delete the hint if it is still exactly what was sent. */
  onAck(target: string, seq: number, key: Key): HandoffAckOutcome {
    const window = this.inFlight.get(target);
    const entry = window?.get(key);
    if (window === undefined || entry === undefined || entry.seq !== seq) return 'ignored';
    window.delete(key);
    const current = this.hints.get(target, key);
    if (current === undefined || !setEquals(current, entry.set)) return 'superseded';
    this.hints.delete(target, key);
    return 'completed';
  }

  /** The owner went down: drop its window (its hints stay, and are sent again when it is back). */
  forget(target: string): void {
    this.inFlight.delete(target);
  }

  /** Sets sent and not yet acknowledged, over all owners. */
  get inFlightCount(): number {
    let total = 0;
    for (const window of this.inFlight.values()) total += window.size;
    return total;
  }
}
