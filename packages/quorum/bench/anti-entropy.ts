// Anti-entropy traffic: bytes moved against keys differing (issue 7). Two replicas of 20 000 keys
// (100-byte values) where 1 % or 10 % of the keys differ (half of them missing on the second
// replica, half holding an older version); the first starts exchanges until both trees are
// equal. Every message is encoded with cbor-x as @kv/protocol does (plain maps, byte strings) and
// counted. The peer is a full transfer: every set of the range sent once, what a repair without
// trees moves (a streaming repair of the whole range). Bytes are deterministic, so the machine's
// load does not matter here; `pnpm --filter @kv/quorum bench:anti-entropy`.
import { Encoder } from 'cbor-x';
import { createRing } from '@kv/ring';
import { seededRandom } from '@kv/test-kit';
import type { SiblingSet } from '@kv/vclock';
import { emptySet, toPlain, write } from '@kv/vclock';
import type * as Quorum from '../src/index.js';
import type { Envelope } from '../src/index.js';

const distEntry = '../dist/index.js';
const kv = (await import(distEntry)) as typeof Quorum;

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });
const bytesOf = (message: unknown): number => encoder.encode(message).length;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const ids = ['a', 'b', 'c'];
const view = { ring: createRing(ids.map((id) => ({ id }))), down: ['c'] }; // a and b compare with each other
const keyCount = 20_000;
const random = seededRandom(7);
const setOf = (value: Uint8Array, base: SiblingSet<Uint8Array> = emptySet<Uint8Array>(), actor = 'w#1'): SiblingSet<Uint8Array> =>
  write(base, { context: base.context, actor, nowMs: 1, value });

interface Side {
  readonly store: Quorum.MemoryReplicaStore<Uint8Array>;
  readonly replica: Quorum.Replica<Uint8Array>;
  readonly ae: Quorum.AntiEntropy<Uint8Array>;
}

function side(self: string, store: Quorum.MemoryReplicaStore<Uint8Array>): Side {
  const observed = new kv.ObservedReplicaStore(store);
  const rng = { nextU32: () => random.u32() };
  const replica = new kv.Replica<Uint8Array>({ self, generation: 1, random: rng, isValue: isBytes, store: observed, hints: new kv.MemoryHintStore() });
  const ae = new kv.AntiEntropy<Uint8Array>({ self, random: rng, n: 3, store: observed });
  observed.observer = (key, before, after) => ae.noteWrite(key, before, after);
  replica.step({ type: 'view', view }, 0);
  ae.step({ type: 'view', view }, 0);
  return { store, replica, ae };
}

function run(divergence: number): string {
  const a = new kv.MemoryReplicaStore<Uint8Array>();
  const b = new kv.MemoryReplicaStore<Uint8Array>();
  let differing = 0;
  for (let i = 0; i < keyCount; i++) {
    const key = `user:${String(i).padStart(6, '0')}`;
    const old = setOf(random.bytes(100));
    const differs = random.next() < divergence;
    a.put(key, differs ? setOf(random.bytes(100), old, 'x#1') : old);
    if (!differs) b.put(key, old);
    else {
      differing++;
      if (random.next() < 0.5) b.put(key, old); // stale on b; else missing on b
    }
  }
  const fullBytes = [...a.entries()].reduce((sum, { key, set }) => sum + bytesOf({ type: 'repair', key, hintFor: null, set: toPlain(set) }), 0);
  const sides = new Map([['a', side('a', a)], ['b', side('b', b)]]);
  const byType = new Map<string, number>();
  let exchanges = 0;
  for (let now = 1_000; exchanges < 1_000; now += 1_000) {
    const rootA = [...sides.get('a')!.ae.roots().values()].join();
    const rootB = [...sides.get('b')!.ae.roots().values()].join();
    if (rootA === rootB) break;
    exchanges++;
    const queue: { from: string; envelope: Envelope<Uint8Array> }[] = sides.get('a')!.ae.step({ type: 'timer', id: kv.antiEntropyTimerId }, now).send.map((envelope) => ({ from: 'a', envelope }));
    for (let i = 0; i < queue.length; i++) {
      const { from, envelope } = queue[i]!;
      byType.set(envelope.message.type, (byType.get(envelope.message.type) ?? 0) + bytesOf(envelope.message));
      const to = sides.get(envelope.to)!;
      const input = { type: 'message' as const, from, message: envelope.message };
      const out = kv.roleOf(envelope.message) === 'anti-entropy' ? to.ae.step(input, now) : to.replica.step(input, now);
      for (const next of out.send) queue.push({ from: envelope.to, envelope: next });
    }
  }
  const total = [...byType.values()].reduce((x, y) => x + y, 0);
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const parts = [...byType].map(([type, n]) => `${type} ${kib(n)}`).join(', ');
  return `| ${(divergence * 100).toFixed(0)} % | ${differing} | ${exchanges} | ${kib(total)} | ${(total / differing).toFixed(0)} B | ${kib(fullBytes)} | ${(total / fullBytes).toFixed(3)}× | ${parts} |`;
}

console.log(`# Anti-entropy bytes moved vs keys differing (${keyCount} keys, 100-byte values, @kv/merkle default shape 8×6)\n`);
console.log('| divergence | keys differing | exchanges | bytes moved | per differing key | full transfer | moved / full | by message |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for (const divergence of [0.01, 0.1]) console.log(run(divergence));
