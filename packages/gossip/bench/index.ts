// Benchmarks for @kv/gossip (CONVENTIONS §10): the cost of applying one 50-member gossip
// message through `step` (validation, merge, events) against two peers run by the same loop
// in the same process — a naive JSON deep-merge (what a first membership list often is) and a
// bare merge that does no validation at all (the floor) — plus a gossip round and the message
// size, which have no peer. Method and results: bench/README.md. Run: `pnpm bench`.
import { measureThroughput, ratioTable, runBench } from '@kv/bench-kit';
import type { RatioRow } from '@kv/bench-kit';
import { seededRandom } from '@kv/test-kit';
import { GOSSIP_PROTOCOL_VERSION, Gossip } from '../src/index.js';
import type { GossipMessage, MemberRecord } from '../src/index.js';

const membersCount = 50;
const messagesPerCall = 500;
let sink = 0; // keeps results alive so the JIT cannot drop the work

const ids = Array.from({ length: membersCount }, (_, i) => `node-${String(i).padStart(2, '0')}`);

function recordOf(id: string, heartbeat: number): MemberRecord {
  return { id, address: `10.0.0.${ids.indexOf(id)}:7000`, zone: 'zone-a', weight: 1, generation: 1, heartbeat, status: 'up', suspectedBy: [] };
}

/** A gossip message from member `sender` (not node-00, the receiver) with every record at `heartbeat`. */
function messageAt(heartbeat: number, sender: number): GossipMessage {
  const senderId = ids[1 + (sender % (membersCount - 1))] as string;
  const others = ids.filter((id) => id !== senderId).map((id) => recordOf(id, heartbeat));
  return { version: GOSSIP_PROTOCOL_VERSION, type: 'gossip', sender: senderId, members: [recordOf(senderId, heartbeat), ...others] };
}

/** `messagesPerCall` messages, each one round newer than the last: every record in every message is news. */
const newsStream = Array.from({ length: messagesPerCall }, (_, i) => messageAt(i + 1, i));
const stale = messageAt(0, 0);

function receiver(): { gossip: Gossip; now: number } {
  const random = seededRandom(1);
  const gossip = new Gossip({ id: 'node-00', address: '10.0.0.0:7000', zone: 'zone-a', generation: 1 }, {}, { nextU32: random.u32 });
  gossip.step({ type: 'start' }, 0);
  gossip.step({ type: 'message', from: 'x', message: stale }, 0);
  return { gossip, now: 0 };
}

/** The naive peer: deep-copy the incoming state through JSON, keep the newer (generation, heartbeat) per id. */
class NaiveMembership {
  private members: Record<string, MemberRecord> = {};

  receive(raw: unknown): void {
    const message = JSON.parse(JSON.stringify(raw)) as GossipMessage;
    for (const record of message.members) {
      const known = this.members[record.id];
      if (known === undefined || record.generation > known.generation || (record.generation === known.generation && record.heartbeat > known.heartbeat)) {
        this.members[record.id] = { ...known, ...record };
      }
    }
  }
}

/** The floor: a Map of records, newer wins, no validation, no copy, no failure detection. */
class BareMembership {
  private readonly members = new Map<string, MemberRecord>();

  receive(message: GossipMessage): void {
    for (const record of message.members) {
      const known = this.members.get(record.id);
      if (known === undefined || record.generation > known.generation || (record.generation === known.generation && record.heartbeat > known.heartbeat)) {
        this.members.set(record.id, record);
      }
    }
  }
}

function row(name: string, ours: () => void, theirs: () => void, opsPerCall: number): RatioRow {
  const peer = measureThroughput(theirs, opsPerCall).opsPerSec;
  return { case: name, ours: measureThroughput(ours, opsPerCall).opsPerSec, peer, unit: 'messages/s', higherIsBetter: true };
}

function applyStream(): void {
  const r = receiver();
  for (const message of newsStream) sink += r.gossip.step({ type: 'message', from: 'x', message }, ++r.now).events.length;
}

function rows(peer: 'naive' | 'bare'): RatioRow[] {
  const make = () => (peer === 'naive' ? new NaiveMembership() : new BareMembership());
  const steady = receiver();
  const steadyPeer = make();
  steadyPeer.receive(newsStream[messagesPerCall - 1] as GossipMessage);
  steady.gossip.step({ type: 'message', from: 'x', message: newsStream[messagesPerCall - 1] }, 0);
  return [
    row(
      `apply a ${membersCount}-record message, every record news`,
      applyStream,
      () => {
        const m = make();
        for (const message of newsStream) m.receive(message);
      },
      messagesPerCall,
    ),
    row(
      `apply a ${membersCount}-record message, nothing new`,
      () => {
        for (let i = 0; i < messagesPerCall; i++) sink += steady.gossip.step({ type: 'message', from: 'x', message: stale }, ++steady.now).send.length;
      },
      () => {
        for (let i = 0; i < messagesPerCall; i++) steadyPeer.receive(stale);
      },
      messagesPerCall,
    ),
  ];
}

function roundsPerSecond(): number {
  const r = receiver();
  return measureThroughput(() => {
    for (let i = 0; i < 100; i++) {
      r.now += 1000;
      sink += r.gossip.step({ type: 'tick' }, r.now).send.length;
    }
  }, 100).opsPerSec;
}

await runBench(
  import.meta.url,
  '@kv/gossip',
  () => ({ naive: rows('naive'), bare: rows('bare'), rounds: roundsPerSecond() }),
  (result) => {
    const jsonBytes = new TextEncoder().encode(JSON.stringify(messageAt(3600, 7))).length;
    return [
      ratioTable('step(message) vs a naive JSON deep-merge (same process, same messages)', 'naive JSON deep-merge', result.naive),
      ratioTable('step(message) vs a bare Map merge with no validation (the floor)', 'bare merge', result.bare),
      [
        `one gossip round of a ${membersCount}-member list (heartbeat, stall check, 3 messages built): ${Math.round(result.rounds).toLocaleString('en-US')} rounds/s`,
        `a ${membersCount}-record message as JSON: ${jsonBytes.toLocaleString('en-US')} bytes (${Math.round(jsonBytes / membersCount)} per record)`,
      ].join('\n'),
    ];
  },
);
if (sink === 42) console.log(''); // use the sink
