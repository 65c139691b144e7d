// The Riak sibling-explosion scenario ("Vector Clocks Revisited", Riak 2.0 release; Preguiça
// et al. §2): 7 clients write the same key concurrently, each with the context it last read,
// for 100 rounds. With DVV sets each write supersedes what its writer read, so a key never
// holds more siblings than there are writers. For contrast, Riak 1.4's per-object vector
// clock with the coordinating vnode as actor (modelled below, test-only) explodes on the
// same schedule: one clock for all siblings cannot say which sibling a write supersedes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock, Dot, SiblingSet } from '../src/index';
import { contextOf, covers, descends, emptyClock, emptySet, increment, liveValues, merge, syncAll, sync, write } from '../src/index';
import { seededRandom } from '@kv/test-kit';

const writers = 7;
const rounds = 100;

/** One event of a schedule: writer `w` reads, or writes with the context it last read. */
type Event = { readonly writer: number; readonly kind: 'read' | 'write' };

/** Each round, every writer writes once then reads its result back (Riak's return_body), in random order. */
function roundsSchedule(seed: number): Event[] {
  const random = seededRandom(seed);
  const events: Event[] = [];
  const ids = Array.from({ length: writers }, (_, i) => i);
  for (let r = 0; r < rounds; r++) {
    for (const writer of random.shuffle(ids)) events.push({ writer, kind: 'write' }, { writer, kind: 'read' });
  }
  return events;
}

/** Reads and writes as separate events in any interleaving: `picks` chooses who acts next. */
function interleavedSchedule(picks: readonly number[]): Event[] {
  const next: ('read' | 'write')[] = Array.from({ length: writers }, () => 'read');
  const events: Event[] = [];
  let writes = 0;
  for (const pick of picks) {
    if (writes === writers * rounds) break;
    const writer = pick % writers;
    const kind = next[writer] as 'read' | 'write';
    events.push({ writer, kind });
    next[writer] = kind === 'read' ? 'write' : 'read';
    if (kind === 'write') writes++;
  }
  return events;
}

interface Outcome {
  readonly siblingsMax: number;
  readonly final: readonly string[];
  /** Values of writes no later write's context covered: what must survive. */
  readonly unsuperseded: readonly string[];
}

/** DVV sets, one coordinator replica (actor `node-0#1`). */
function runDvv(events: readonly Event[]): Outcome {
  let set = emptySet<string>();
  const contexts: Clock[] = Array.from({ length: writers }, () => emptyClock);
  const written: { value: string; dot: Dot }[] = [];
  let siblingsMax = 0;
  events.forEach((event, n) => {
    if (event.kind === 'read') {
      contexts[event.writer] = contextOf(set);
      return;
    }
    const context = contexts[event.writer] as Clock;
    for (const w of written) if (covers(context, w.dot)) w.value = '';
    const value = `w${event.writer}@${n}`;
    set = write(set, { context, actor: 'node-0#1', nowMs: n, value });
    written.push({ value, dot: set.siblings.find((s) => !s.tombstone && s.value === value)!.dot });
    siblingsMax = Math.max(siblingsMax, set.siblings.length);
  });
  return { siblingsMax, final: liveValues(set), unsuperseded: written.map((w) => w.value).filter((v) => v !== '') };
}

/**
 * Riak 1.4 with vnode vclocks (riak_kv_vnode:put_merge/6, coordinator): the object has ONE
 * clock and a list of sibling values. The put's clock is the client's, incremented by the
 * vnode; if that strictly descends the stored clock the put replaces everything, otherwise
 * the values are unioned under the merged clock, incremented again.
 */
interface NaiveObject {
  readonly clock: Clock;
  readonly values: readonly string[];
}

function naivePut(current: NaiveObject, clientClock: Clock, value: string, vnode: string, nowMs: number): NaiveObject {
  const updClock = increment(clientClock, vnode, nowMs);
  const counter = (c: Clock) => c.find((e) => e.actor === vnode)?.counter ?? 0;
  const replaces = counter(updClock) > counter(current.clock) && descends(updClock, current.clock) && !descends(current.clock, updClock);
  if (replaces) return { clock: updClock, values: [value] };
  return { clock: increment(merge(current.clock, updClock), vnode, nowMs), values: [...current.values, value] };
}

function runNaive(events: readonly Event[]): number {
  let object: NaiveObject = { clock: emptyClock, values: [] };
  const contexts: Clock[] = Array.from({ length: writers }, () => emptyClock);
  let siblingsMax = 0;
  events.forEach((event, n) => {
    if (event.kind === 'read') contexts[event.writer] = object.clock;
    else {
      object = naivePut(object, contexts[event.writer] as Clock, `w${event.writer}@${n}`, 'node-0', n);
      siblingsMax = Math.max(siblingsMax, object.values.length);
    }
  });
  return siblingsMax;
}

describe('Riak sibling explosion: 7 writers, each writing with the context it last read, 100 rounds', () => {
  it('rounds in random order (seeded): DVV stays ≤ 7 siblings and loses nothing; the naive clock explodes', () => {
    let dvvMax = 0;
    let naiveMax = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const events = roundsSchedule(seed);
      const dvv = runDvv(events);
      expect(dvv.siblingsMax).toBeLessThanOrEqual(writers);
      expect(dvv.final).toEqual(expect.arrayContaining([...dvv.unsuperseded]));
      expect(dvv.final.length).toBe(dvv.unsuperseded.length);
      dvvMax = Math.max(dvvMax, dvv.siblingsMax);
      naiveMax = Math.max(naiveMax, runNaive(events));
    }
    console.log(`sibling explosion, random rounds, 20 seeds: DVV max siblings ${dvvMax} (≤ ${writers}); naive per-object vclock max siblings ${naiveMax}`);
    expect(naiveMax).toBeGreaterThan(writers * 5);
  });

  it('any interleaving of reads and writes (fast-check): DVV stays ≤ 7 siblings and loses nothing', () => {
    let dvvMax = 0;
    let naiveMax = 0;
    const picks = fc.array(fc.nat(writers - 1), { minLength: 2 * writers * rounds, maxLength: 3 * writers * rounds });
    fc.assert(
      fc.property(picks, (p) => {
        const events = interleavedSchedule(p);
        const dvv = runDvv(events);
        expect(dvv.siblingsMax).toBeLessThanOrEqual(writers);
        expect([...dvv.final].sort()).toEqual([...dvv.unsuperseded].sort());
        dvvMax = Math.max(dvvMax, dvv.siblingsMax);
        naiveMax = Math.max(naiveMax, runNaive(events));
      }),
      { numRuns: 30 },
    );
    console.log(`sibling explosion, random interleavings, 30 runs: DVV max siblings ${dvvMax} (≤ ${writers}); naive per-object vclock max siblings ${naiveMax}`);
    expect(naiveMax).toBeGreaterThan(writers);
  });

  it('3 replicas, W = 2, R = 2, random coordinators and anti-entropy (seeded): ≤ 7 siblings on every replica', () => {
    // Each write goes to a random coordinator, which writes to its own set and replicates the
    // whole set to one more replica (W = 2). A read merges 2 random replicas (R = 2), so
    // R + W > N and every read sees its reader's previous write.
    const replicaCount = 3;
    let dvvMax = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = seededRandom(seed);
      const replicas: SiblingSet<string>[] = Array.from({ length: replicaCount }, () => emptySet<string>());
      const contexts: Clock[] = Array.from({ length: writers }, () => emptyClock);
      const written: { value: string; dot: Dot }[] = [];
      for (const [n, event] of interleavedSchedule(Array.from({ length: 4 * writers * rounds }, () => random.int(writers))).entries()) {
        if (event.kind === 'read') {
          const first = random.int(replicaCount);
          const second = (first + 1 + random.int(replicaCount - 1)) % replicaCount;
          contexts[event.writer] = contextOf(sync(replicas[first]!, replicas[second]!));
        } else {
          const coordinator = random.int(replicaCount);
          const context = contexts[event.writer] as Clock;
          for (const w of written) if (covers(context, w.dot)) w.value = '';
          const value = `w${event.writer}@${n}`;
          const set = write(replicas[coordinator]!, { context, actor: `node-${coordinator}#1`, nowMs: n, value });
          written.push({ value, dot: set.siblings.find((s) => !s.tombstone && s.value === value)!.dot });
          replicas[coordinator] = set;
          const other = (coordinator + 1 + random.int(replicaCount - 1)) % replicaCount;
          replicas[other] = sync(replicas[other]!, set);
        }
        if (random.next() < 0.1) {
          const into = random.int(replicaCount);
          replicas[into] = sync(replicas[into]!, replicas[random.int(replicaCount)]!);
        }
        for (const replica of replicas) dvvMax = Math.max(dvvMax, replica.siblings.length);
        expect(dvvMax).toBeLessThanOrEqual(writers);
      }
      const unsuperseded = written.map((w) => w.value).filter((v) => v !== '');
      expect([...liveValues(syncAll(replicas))].sort()).toEqual(unsuperseded.sort());
    }
    console.log(`sibling explosion, 3 replicas W=2 R=2 with anti-entropy, 20 seeds: DVV max siblings ${dvvMax} (≤ ${writers})`);
  });
});
