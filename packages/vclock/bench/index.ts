// Benchmarks for @kv/vclock (CONVENTIONS §10): clock compare and merge against the peer
// `vectorclock` (mixu/vectorclock) in the same process, as ratios; sibling-set write and
// sync and the context token, which have no peer, as plain ops/s. Run: `pnpm bench`.
import { measureThroughput, ratioTable, runBench } from '@kv/bench-kit';
import type { RatioRow } from '@kv/bench-kit';
import vectorclock from 'vectorclock';
import type { Clock, SiblingSet } from '../src/index';
import { clockFrom, compare, contextOf, decodeContext, emptyClock, emptySet, encodeContext, merge, sync, write } from '../src/index';

const loops = 1000;
let sink = 0; // keeps results alive so the JIT cannot drop the work

interface Pair {
  readonly ours: readonly [Clock, Clock];
  readonly theirs: readonly [{ clock: Record<string, number> }, { clock: Record<string, number> }];
}

/** Two clocks over `actors` actors: `b` is `a` with the last actor advanced (compare must scan all). */
function orderedPair(actors: number): Pair {
  const counters = Array.from({ length: actors }, (_, i) => 10 + ((i * 7) % 13));
  const bCounters = counters.map((c, i) => (i === actors - 1 ? c + 1 : c));
  return toPair(counters, bCounters);
}

/** Two concurrent clocks: each is ahead on every other actor. */
function concurrentPair(actors: number): Pair {
  const a = Array.from({ length: actors }, (_, i) => 10 + (i % 2));
  const b = Array.from({ length: actors }, (_, i) => 11 - (i % 2));
  return toPair(a, b);
}

function toPair(a: readonly number[], b: readonly number[]): Pair {
  const actor = (i: number) => `node-${String(i).padStart(2, '0')}#1`;
  const ours = (cs: readonly number[]) => clockFrom(cs.map((counter, i) => ({ actor: actor(i), counter, timestampMs: 1_700_000_000_000 + i })));
  const theirs = (cs: readonly number[]) => ({ clock: Object.fromEntries(cs.map((c, i) => [actor(i), c])) });
  return { ours: [ours(a), ours(b)], theirs: [theirs(a), theirs(b)] };
}

/** One ratio row: ours and the peer measured by the same loop, ops/s. */
function versusRow(name: string, ours: () => void, theirs: () => void): RatioRow {
  const peer = measureThroughput(theirs, loops).opsPerSec;
  return { case: name, ours: measureThroughput(ours, loops).opsPerSec, peer, unit: 'ops/s', higherIsBetter: true };
}

function clockRows(): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const actors of [3, 10, 50]) {
    const ordered = orderedPair(actors);
    rows.push(
      versusRow(
        `compare, ${actors} actors`,
        () => {
          const [a, b] = ordered.ours;
          for (let i = 0; i < loops; i++) sink += compare(a, b).length;
        },
        () => {
          const [a, b] = ordered.theirs;
          for (let i = 0; i < loops; i++) sink += vectorclock.compare(a, b);
        },
      ),
    );
    const concurrent = concurrentPair(actors);
    rows.push(
      versusRow(
        `merge, ${actors} actors`,
        () => {
          const [a, b] = concurrent.ours;
          for (let i = 0; i < loops; i++) sink += merge(a, b).length;
        },
        () => {
          const [a, b] = concurrent.theirs;
          for (let i = 0; i < loops; i++) sink += Object.keys(vectorclock.merge(a, b).clock).length;
        },
      ),
    );
  }
  return rows;
}

interface PlainRow {
  readonly case: string;
  readonly opsPerSec: number;
}

/** A replica's set after `actors` actors each wrote blind: `actors` concurrent siblings. */
function concurrentSet(actors: number, prefix: string): SiblingSet<Uint8Array> {
  let set = emptySet<Uint8Array>();
  for (let i = 0; i < actors; i++) set = write(set, { context: emptyClock, actor: `${prefix}-${i}#1`, nowMs: i, value: new Uint8Array(16) });
  return set;
}

function setRows(): PlainRow[] {
  const rows: PlainRow[] = [];
  const base = concurrentSet(3, 'node');
  const read = contextOf(base);
  const value = new Uint8Array(16);
  rows.push({
    case: 'write with the read context (3 siblings → 1)',
    opsPerSec: measureThroughput(() => {
      for (let i = 0; i < loops; i++) sink += write(base, { context: read, actor: 'node-0#1', nowMs: 99, value }).siblings.length;
    }, loops).opsPerSec,
  });
  rows.push({
    case: 'write blind (3 siblings → 4)',
    opsPerSec: measureThroughput(() => {
      for (let i = 0; i < loops; i++) sink += write(base, { context: emptyClock, actor: 'node-0#1', nowMs: 99, value }).siblings.length;
    }, loops).opsPerSec,
  });
  const left = sync(concurrentSet(3, 'node'), concurrentSet(7, 'old'));
  const right = write(left, { context: emptyClock, actor: 'node-1#1', nowMs: 100, value });
  rows.push({
    case: 'sync, 10-actor contexts, 3 + 4 siblings',
    opsPerSec: measureThroughput(() => {
      for (let i = 0; i < loops; i++) sink += sync(left, right).siblings.length;
    }, loops).opsPerSec,
  });
  for (const actors of [3, 10, 50]) {
    const clock = orderedPair(actors).ours[0];
    const token = encodeContext(clock);
    rows.push({
      case: `encodeContext, ${actors} actors (${token.length} chars)`,
      opsPerSec: measureThroughput(() => {
        for (let i = 0; i < loops; i++) sink += encodeContext(clock).length;
      }, loops).opsPerSec,
    });
    rows.push({
      case: `decodeContext, ${actors} actors`,
      opsPerSec: measureThroughput(() => {
        for (let i = 0; i < loops; i++) sink += decodeContext(token).length;
      }, loops).opsPerSec,
    });
  }
  return rows;
}

function plainTable(title: string, rows: readonly PlainRow[]): string {
  const format = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`);
  return [`### ${title}`, '', '| case | kv | unit |', '|---|---:|---|', ...rows.map((r) => `| ${r.case} | ${format(r.opsPerSec)} | ops/s |`)].join('\n');
}

await runBench(
  import.meta.url,
  '@kv/vclock',
  () => ({ clocks: clockRows(), sets: setRows() }),
  (result) => [
    ratioTable('Vector clocks: kv vs vectorclock (same process)', 'vectorclock 0.0.0', result.clocks),
    plainTable('Sibling sets and context tokens (no peer: vectorclock has no sibling sets or tokens)', result.sets),
  ],
);
if (sink === 42) console.log(''); // use the sink
