// Event queue: the simulator's virtual clock and its single ordered agenda. Every future happening
// (a delivery, a timer, a client op, a fault) is an event at a virtual time; events run in
// (atMs, seq) order, seq being the order they were scheduled, so ties break deterministically
// and one seed yields one run.
export interface Scheduled<E> {
  readonly atMs: number;
  readonly seq: number;
  readonly event: E;
}

export class EventQueue<E> {
  /** The virtual clock: the time of the event being run. */
  nowMs = 0;
  private readonly items: Scheduled<E>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  schedule(atMs: number, event: E): void {
    const item: Scheduled<E> = { atMs: Math.max(atMs, this.nowMs), seq: this.seq++, event };
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Scheduled<E>;
      if (!before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  peekMs(): number | undefined {
    return this.items[0]?.atMs;
  }

  /** Removes the next event and advances the clock to it. */
  pop(): Scheduled<E> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && before(items[right] as Scheduled<E>, items[left] as Scheduled<E>) ? right : left;
        if (!before(items[child] as Scheduled<E>, last)) break;
        items[i] = items[child] as Scheduled<E>;
        i = child;
      }
      items[i] = last;
    }
    this.nowMs = top.atMs;
    return top;
  }
}

function before<E>(a: Scheduled<E>, b: Scheduled<E>): boolean {
  return a.atMs !== b.atMs ? a.atMs < b.atMs : a.seq < b.seq;
}
