// The Gossip state machine through its public API only: step(input, nowMs) → plain outputs
// (CONVENTIONS.md §1). Join through seeds with backoff, rounds, graceful leave, rebirth after
// a down decision, message validation, bounds, errors for bad local use, determinism.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Gossip, GossipError, gossipDefaults } from '../src/index.js';
import type { GossipMessage, GossipOptions, GossipOutput } from '../src/index.js';
import { message, random, record } from './support/records.js';

function node(id: string, options: GossipOptions = {}, seed = 1): Gossip {
  return new Gossip({ id, address: `${id}:7000`, generation: 1 }, options, random(seed));
}

/** A started member that already knows `others` (each gossiped to it at t = 0). */
function member(id: string, others: string[], options: GossipOptions = {}): Gossip {
  const g = node(id, options);
  g.step({ type: 'start' }, 0);
  for (const other of others) g.step({ type: 'message', from: `${other}:7000`, message: message(record(other)) }, 0);
  return g;
}

const tick = (g: Gossip, nowMs: number) => g.step({ type: 'tick' }, nowMs);
const receive = (g: Gossip, msg: unknown, nowMs: number, from = 'peer:7000') => g.step({ type: 'message', from, message: msg }, nowMs);
const eventsOf = (out: GossipOutput) => out.events.map((e) => `${e.type} ${e.member.id}`);

function expectBadRequest(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GossipError);
    expect((error as GossipError).code).toBe('BAD_REQUEST');
    return;
  }
  throw new Error('expected a GossipError BAD_REQUEST');
}

describe('bad local use is a GossipError BAD_REQUEST', () => {
  test('invalid self, options or random', () => {
    const r = random();
    expectBadRequest(() => new Gossip({ id: '', address: 'a', generation: 1 }, {}, r));
    expectBadRequest(() => new Gossip({ id: 'a', address: 'a', generation: -1 }, {}, r));
    expectBadRequest(() => new Gossip({ id: 'a', address: 'a', generation: 1, weight: 0 }, {}, r));
    expectBadRequest(() => node('a', { fanout: 0 }));
    expectBadRequest(() => node('a', { downConfirmations: 1 })); // one member's view must never take a node down
    expectBadRequest(() => node('a', { joinRetryMs: 5000, joinRetryMsMax: 1000 }));
    expectBadRequest(() => node('a', { fanuot: 3 } as GossipOptions));
    expectBadRequest(() => node('a', { seeds: 'b:7000' as unknown as string[] }));
    expectBadRequest(() => new Gossip({ id: 'a', address: 'a', generation: 1 }, {}, {} as never));
  });

  test('unknown input, time going backwards, start twice, a message without `from`', () => {
    const g = node('a');
    expectBadRequest(() => g.step({ type: 'probe' } as never, 0));
    expectBadRequest(() => g.step({ type: 'tick' }, Number.NaN));
    g.step({ type: 'start' }, 100);
    expectBadRequest(() => g.step({ type: 'tick' }, 99));
    expectBadRequest(() => g.step({ type: 'start' }, 100));
    expectBadRequest(() => g.step({ type: 'message', from: '', message: {} }, 100));
  });

  test('a Random that breaks its contract', () => {
    const g = new Gossip({ id: 'a', address: 'a', generation: 1 }, {}, { nextU32: () => -1 });
    expectBadRequest(() => g.step({ type: 'start' }, 0));
  });
});

describe('join through seeds (Dynamo §4.8.2 seeds; retries with backoff)', () => {
  test('without seeds the first member has joined at once', () => {
    const out = node('a', { seeds: ['a:7000'] }).step({ type: 'start' }, 0); // our own address is skipped
    expect(eventsOf(out)).toEqual(['joined a']);
    expect(out.send).toEqual([]);
    expect(out.timers).toHaveLength(1);
    expect(out.timers[0]?.atMs).toBeGreaterThan(0);
    expect(out.timers[0]?.atMs).toBeLessThanOrEqual(gossipDefaults.gossipIntervalMs);
  });

  test('a joiner asks every seed until one answers, backing off with jitter', () => {
    const g = node('j', { seeds: ['s1:7000', 's2:7000'], joinRetryMs: 1000, joinRetryMsMax: 8000 });
    let out = g.step({ type: 'start' }, 0);
    expect(out.send.map((e) => [e.to, e.message.type])).toEqual([
      ['s1:7000', 'join'],
      ['s2:7000', 'join'],
    ]);
    const retries: number[] = [];
    let last = 0;
    for (let now = 1; now < 60_000; now++) {
      out = tick(g, now);
      if (out.send.some((e) => e.message.type === 'join')) {
        retries.push(now - last);
        last = now;
      }
    }
    // attempt n waits in [c/2, c], c = min(1000 × 2^(n−1), 8000)
    const ceilings = [1000, 2000, 4000, 8000, 8000, 8000];
    ceilings.forEach((c, i) => {
      expect(retries[i]).toBeGreaterThanOrEqual(c / 2);
      expect(retries[i]).toBeLessThanOrEqual(c);
    });
    expect(g.stats().joinAttempts).toBe(retries.length + 1);
  });

  test('a seed answers a join with a sync; the joiner has joined and stops asking', () => {
    const seed = node('s', {}, 2);
    seed.step({ type: 'start' }, 0);
    const joiner = node('j', { seeds: ['s:7000'] }, 3);
    const hello = joiner.step({ type: 'start' }, 10).send[0];
    expect(hello?.message.members.map((m) => m.id)).toEqual(['j']);
    const answer = receive(seed, hello?.message, 20, 'j:7000');
    expect(eventsOf(answer)).toEqual(['joined j']);
    expect(answer.send.map((e) => [e.to, e.message.type])).toEqual([['j:7000', 'sync']]);
    const joined = receive(joiner, answer.send[0]?.message, 30, 's:7000');
    expect(eventsOf(joined)).toEqual(['joined s', 'joined j']);
    expect(joiner.liveMembers().map((m) => m.id)).toEqual(['j', 's']);
    for (let now = 31; now < 20_000; now += 50) expect(tick(joiner, now).send.every((e) => e.message.type === 'gossip')).toBe(true);
  });
});

describe('rounds', () => {
  test('each round bumps our heartbeat and pushes our list, ourselves first, to `fanout` live members', () => {
    const g = member('a', ['b', 'c', 'd', 'e', 'f'], { fanout: 3 });
    const out = tick(g, gossipDefaults.gossipIntervalMs);
    expect(out.send).toHaveLength(3);
    expect(new Set(out.send.map((e) => e.to)).size).toBe(3);
    const sent = out.send[0]?.message as GossipMessage;
    expect(sent.members[0]).toMatchObject({ id: 'a', heartbeat: 1 });
    expect(sent.members.map((m) => m.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(g.member('a')?.heartbeat).toBe(1);
  });

  test('an early or extra tick does nothing and asks for the same wake-up', () => {
    const g = member('a', ['b']);
    const first = tick(g, 1);
    const due = first.timers[0]?.atMs as number;
    const early = tick(g, due - 1);
    expect(early.send).toEqual([]);
    expect(early.timers).toEqual([{ atMs: due }]);
    expect(tick(g, due).send.length).toBeGreaterThan(0);
  });

  test('a round that comes late by more than an interval is a pause of ours: no suspicion for it', () => {
    const g = member('a', ['b', 'c']);
    const out = tick(g, 60_000);
    expect(out.events).toEqual([]);
    expect(g.stats().pausesDetected).toBe(1);
    expect(g.member('b')?.status).toBe('up');
  });

  test('a member held down gets one message every reconnectIntervalMs (so a live one learns and comes back)', () => {
    const g = member('a', ['b', 'c'], { reconnectIntervalMs: 10_000, fanout: 1 });
    receive(g, message(record('b', { heartbeat: 1 }), [record('c', { status: 'down' })]), 0);
    const toC: number[] = [];
    for (let now = 1; now <= 40_000; now++) if (tick(g, now).send.some((e) => e.to === 'c:7000')) toC.push(now);
    expect(toC).toHaveLength(3); // the first at the first round ≥ 10 s (rounds are jittered), then one every 10 s
    expect(toC.slice(1).map((t, i) => t - (toC[i] as number))).toEqual([10_000, 10_000]);
  });
});

describe('graceful leave', () => {
  test('we gossip `left` for our generation for leaveRounds rounds, heartbeat frozen, then stop', () => {
    const g = member('a', ['b', 'c', 'd'], { leaveRounds: 3 });
    tick(g, 1000);
    const out = g.step({ type: 'leave' }, 1500);
    expect(eventsOf(out)).toEqual(['left a']);
    expect(out.send.length).toBeGreaterThan(0);
    expect(out.send[0]?.message.members[0]).toMatchObject({ id: 'a', status: 'left', heartbeat: 1 });
    let rounds = 1;
    let timers = out.timers;
    for (let now = 1501; timers.length > 0; now++) {
      const next = tick(g, now);
      if (next.send.length > 0) rounds++;
      for (const e of next.send) expect(e.message.members[0]).toMatchObject({ status: 'left', heartbeat: 1 });
      timers = next.timers;
    }
    expect(rounds).toBe(3);
    expect(receive(g, message(record('b', { heartbeat: 9 })), 99_999).send).toEqual([]);
    expect(g.stats().messagesDroppedNotRunning).toBe(1);
    expect(g.step({ type: 'leave' }, 100_000).events).toEqual([]); // leaving twice is a no-op
    expectBadRequest(() => g.step({ type: 'start' }, 100_000));
  });

  test('the others see `left`, final for that generation, and never suspect it', () => {
    const b = member('b', ['a']);
    const out = receive(b, message(record('a', { heartbeat: 3, status: 'left' })), 100);
    expect(eventsOf(out)).toEqual(['left a']);
    receive(b, message(record('a', { heartbeat: 4 })), 200); // a stale, still-running copy
    expect(b.member('a')?.status).toBe('left');
    for (let now = 1000; now < 120_000; now += 1000) expect(tick(b, now).events).toEqual([]);
  });

  test('leave before start just stops', () => {
    const g = node('a');
    const out = g.step({ type: 'leave' }, 0);
    expect(eventsOf(out)).toEqual(['left a']);
    expect(out.timers).toEqual([]);
  });
});

describe('our own record as others hold it', () => {
  test('held down for our generation: we are reborn with generation + 1, and must persist it first', () => {
    const g = member('a', ['b']);
    const out = receive(g, message(record('b', { heartbeat: 7 }), [record('a', { status: 'down' })]), 100);
    expect(out.persist).toEqual({ generation: 2 });
    expect(out.events.map((e) => [e.type, e.member.id, e.member.generation])).toEqual([
      ['down', 'a', 1],
      ['up', 'a', 2],
    ]);
    expect(g.generation).toBe(2);
    expect(g.stats().rebirths).toBe(1);
    const next = tick(g, 2000).send[0]?.message.members[0];
    expect(next).toMatchObject({ id: 'a', generation: 2, heartbeat: 1, status: 'up' });
  });

  test('a newer generation of us out there (a restart that reused an old number): we go above it', () => {
    const g = member('a', ['b']);
    const out = receive(g, message(record('b'), [record('a', { generation: 5 })]), 100);
    expect(out.persist).toEqual({ generation: 6 });
    expect(eventsOf(out)).toEqual(['up a']);
  });

  test('a higher heartbeat of our own generation is adopted (we continue above it), nothing else changes', () => {
    const g = member('a', ['b']);
    const out = receive(g, message(record('b'), [record('a', { heartbeat: 40 })]), 100);
    expect(out.persist).toBeUndefined();
    expect(g.member('a')?.heartbeat).toBe(40);
  });

  test('a member we hold down that still talks to us gets a sync telling it so (never in answer to a sync)', () => {
    const g = member('a', ['b', 'c']);
    receive(g, message(record('c'), [record('b', { status: 'down' })]), 0);
    const out = receive(g, message(record('b', { heartbeat: 9 })), 100, 'b:7000');
    expect(out.send.map((e) => [e.to, e.message.type])).toEqual([['b:7000', 'sync']]);
    expect(out.send[0]?.message.members.find((m) => m.id === 'b')?.status).toBe('down');
    expect(receive(g, message(record('b', { heartbeat: 10 }), [], 'sync'), 200, 'b:7000').send).toEqual([]);
  });
});

describe('incoming messages are validated, never trusted', () => {
  test('malformed and unsupported messages are dropped and counted; nothing of them is applied', () => {
    const g = member('a', ['b']);
    const bad = { ...message(record('b', { heartbeat: 99 }), [record('c', { weight: -1 })]) };
    expect(receive(g, bad, 1).events).toEqual([]);
    expect(g.member('b')?.heartbeat).toBe(0);
    expect(g.member('c')).toBeUndefined();
    receive(g, { ...message(record('b', { heartbeat: 99 })), version: 2 }, 2);
    expect(g.stats()).toMatchObject({ messagesDroppedMalformed: 1, messagesDroppedVersion: 1 });
  });

  test('step never throws for anything a peer sends', () => {
    const g = member('a', ['b']);
    let now = 0;
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true }), (raw) => {
        const out = receive(g, raw, ++now);
        expect(out.events).toEqual([]);
      }),
    );
  });

  test('a message before start is dropped and counted', () => {
    const g = node('a');
    expect(receive(g, message(record('b')), 0).events).toEqual([]);
    expect(g.stats().messagesDroppedNotRunning).toBe(1);
  });
});

describe('bounded sizes', () => {
  test('messages carry at most messageMembersMax records: ourselves plus a rotating window of the rest', () => {
    const others = Array.from({ length: 9 }, (_, i) => `m${i}`);
    const g = member('a', others, { messageMembersMax: 4, fanout: 1 });
    const seen = new Set<string>();
    for (let now = 1000; now <= 4000; now += 1000) {
      const sent = tick(g, now).send[0]?.message as GossipMessage;
      expect(sent.members).toHaveLength(4);
      expect(sent.members[0]?.id).toBe('a');
      for (const m of sent.members.slice(1)) seen.add(m.id);
    }
    expect([...seen].sort()).toEqual(others); // 3 windows of 3 cover all 9
  });

  test('a message longer than our messageMembersMax is malformed', () => {
    const g = member('a', ['b'], { messageMembersMax: 3 });
    receive(g, message(record('b'), [record('c'), record('d')]), 1);
    expect(g.stats().messagesDroppedMalformed).toBe(0);
    receive(g, message(record('b'), [record('c'), record('d'), record('e')]), 2);
    expect(g.stats().messagesDroppedMalformed).toBe(1);
  });

  test('the list never grows past membersMax', () => {
    const g = member('a', ['b'], { membersMax: 4 });
    receive(g, message(record('b'), ['c', 'd', 'e', 'f'].map((id) => record(id))), 1);
    expect(g.members()).toHaveLength(4);
    expect(g.stats().membersRefused).toBe(2);
  });
});

describe('determinism', () => {
  test('same inputs and same random sequence give the same outputs', () => {
    const run = () => {
      const g = member('a', ['b', 'c', 'd', 'e'], { seeds: ['s:7000'] });
      const outputs: GossipOutput[] = [];
      for (let now = 0; now < 20_000; now += 250) {
        outputs.push(tick(g, now));
        if (now % 3000 === 0) outputs.push(receive(g, message(record('b', { heartbeat: now })), now));
      }
      return JSON.stringify(outputs);
    };
    expect(run()).toBe(run());
  });
});

describe('accessors', () => {
  test('members() by id with our verdict; liveMembers() without down and left; stats() a copy', () => {
    const g = member('a', ['c', 'b', 'd', 'e']);
    receive(g, message(record('c'), [record('d', { status: 'down' }), record('e', { status: 'left' })]), 0);
    expect(g.members().map((m) => `${m.id}:${m.status}`)).toEqual(['a:up', 'b:up', 'c:up', 'd:down', 'e:left']);
    expect(g.liveMembers().map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(g.member('zz')).toBeUndefined();
    const stats = g.stats();
    receive(g, message(record('c', { heartbeat: 5 })), 1);
    expect(g.stats().messagesReceived).toBe(stats.messagesReceived + 1);
  });
});
