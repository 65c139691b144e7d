// Reads at the Coordinator, by hand. Dynamo §4.5: the coordinator "requests all existing
// versions of data for that key from the N highest-ranked reachable nodes … and then waits for R
// responses"; §4.4 "if the coordinator ends up gathering multiple versions … it returns all the
// versions it deems to be causally unrelated"; and read repair (§5) writes the reconciled
// version back to the replicas that answered with a stale one.
import type { SiblingSet } from '@kv/vclock';
import { contextOf, decodeContext, emptyClock, emptySet, encodeContext, sync, toPlain, write } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import type { CoordinatorOutput, GetResult, ReadMessage, RepairMessage } from '../src/index.js';
import { Coordinator } from '../src/index.js';
import { isString, keyWith, ringOf, seeded } from './support/fixtures.js';

const ring = ringOf(['a', 'b', 'c', 'd', 'e']);
const key = keyWith(ring, 3, (p) => p[0] === 'a');
const [p1, p2, p3] = ring.preferenceList(key, 3) as [string, string, string];

const v1 = write(emptySet<string>(), { context: emptyClock, actor: 'a#1', nowMs: 1, value: 'v1' });
const v2 = write(v1, { context: contextOf(v1), actor: 'a#1', nowMs: 2, value: 'v2' });
const sibling = sync(v2, write(v1, { context: contextOf(v1), actor: 'b#1', nowMs: 3, value: 'other' }));

function startRead(r: number | 'quorum' | 'all' = 'quorum') {
  const coordinator = new Coordinator<string>({ self: 'a', random: seeded(3), isValue: isString });
  coordinator.step({ type: 'view', view: { ring, down: [] } }, 0);
  const out = coordinator.step({ type: 'request', request: { requestId: 'g', op: 'get', key, r } }, 10);
  const opId = (out.send[0]!.message as ReadMessage).opId;
  const answer = (from: string, set: SiblingSet<string> | null) =>
    coordinator.step({ type: 'message', from, message: { type: 'read-reply', opId, set: set === null ? null : toPlain(set) } }, 11);
  return { coordinator, out, answer };
}

const repairsIn = (out: CoordinatorOutput<string>) =>
  out.send.filter((e) => e.message.type === 'repair').map((e) => ({ to: e.to, set: (e.message as RepairMessage<unknown>).set }));

describe('Coordinator: reads', () => {
  it('asks every target and replies at the R-th answer with the merged siblings and their context', () => {
    const { out, answer } = startRead(2);
    expect(out.send.map((e) => [e.to, e.message.type])).toEqual([
      [p1, 'read'],
      [p2, 'read'],
      [p3, 'read'],
    ]);
    expect(answer(p1, sibling).replies).toEqual([]);
    const reply = answer(p2, sibling).replies[0] as GetResult<string>;
    expect(reply).toMatchObject({ ok: true, found: true, values: ['v2', 'other'] });
    expect(decodeContext(reply.context)).toEqual(contextOf(sibling).map((e) => ({ ...e, timestampMs: 0 })));
    expect(reply.receipt).toMatchObject({ divergent: false, readRepairs: [] });
  });

  it('a missing key reads as not found, with a context a write can still use', () => {
    const { answer } = startRead(2);
    answer(p1, null);
    const reply = answer(p3, null).replies[0] as GetResult<string>;
    expect(reply).toMatchObject({ found: false, values: [], context: encodeContext(emptyClock) });
  });

  it('read repair: only the answering replicas that are behind get the merged set, before the reply', () => {
    const { answer } = startRead(2);
    answer(p1, v2);
    const out = answer(p2, v1); // p2 is behind; p3 has not answered
    const reply = out.replies[0] as GetResult<string>;
    expect(reply.values).toEqual(['v2']);
    expect(reply.receipt).toMatchObject({ divergent: true, readRepairs: [p2] });
    expect(repairsIn(out)).toEqual([{ to: p2, set: toPlain(v2) }]);
  });

  it('the read lingers after replying: a late stale answer is repaired too, reported as an event', () => {
    const { coordinator, answer } = startRead(2);
    answer(p1, v2);
    expect(answer(p2, v2).replies).toHaveLength(1);
    expect(coordinator.stats().inFlight).toBe(1); // lingering for p3
    const late = answer(p3, null);
    expect(repairsIn(late)).toEqual([{ to: p3, set: toPlain(v2) }]);
    expect(late.events).toEqual([{ type: 'read-repair', requestId: 'g', nodes: [p3] }]);
    expect(late.cancelTimers).toHaveLength(1);
    expect(coordinator.stats()).toMatchObject({ inFlight: 0, readRepairs: 1 });
  });

  it('a late answer newer than the reply repairs the replicas that answered first', () => {
    const { answer } = startRead(2);
    answer(p1, v1);
    answer(p2, v1);
    const late = answer(p3, v2);
    expect(repairsIn(late).map((r) => r.to).sort()).toEqual([p1, p2].sort());
  });

  it('an up-to-date replica is never repaired', () => {
    const { answer } = startRead('all');
    answer(p1, v2);
    answer(p2, v2);
    const out = answer(p3, v2);
    expect(repairsIn(out)).toEqual([]);
    expect((out.replies[0] as GetResult<string>).receipt.divergent).toBe(false);
  });

  it('an answer with a dot naming a different write is dropped, not merged (kv679)', () => {
    const { coordinator, answer } = startRead(2);
    answer(p1, v1);
    const forged = write(emptySet<string>(), { context: emptyClock, actor: 'a#1', nowMs: 99, value: 'reused' });
    const out = answer(p2, forged);
    expect(out.replies).toEqual([]);
    expect(out.events[0]).toMatchObject({ type: 'message-dropped', from: p2 });
    expect(coordinator.stats().droppedMessages).toBe(1);
  });

  it('a read that gets fewer than R answers times out with them in the receipt', () => {
    const { out, answer, coordinator } = startRead('all');
    answer(p1, v1);
    const timedOut = coordinator.step({ type: 'timer', id: out.timers[0]!.id }, 5_000);
    const reply = timedOut.replies[0]!;
    expect(!reply.ok && reply.error.code).toBe('TIMEOUT');
    expect(!reply.ok && reply.error.receipt?.acks.map((a) => a.node)).toEqual([p1]);
  });
});

describe('Coordinator: local_quorum', () => {
  const zones = { a1: 'eu', a2: 'eu', a3: 'eu', b1: 'us', b2: 'us', b3: 'us' };
  const zoned = ringOf(Object.keys(zones), zones);

  it('counts only answers from the coordinator zone; the others are in the receipt, not counted', () => {
    const coordinator = new Coordinator<string>({
      self: 'a1',
      random: seeded(5),
      isValue: isString,
      keyspaces: { default: { replicasPerZone: { eu: 2, us: 2 } } },
    });
    coordinator.step({ type: 'view', view: { ring: zoned, down: [] } }, 0);
    const out = coordinator.step({ type: 'request', request: { requestId: 'g', op: 'get', key: 'k', r: 'local_quorum' } }, 1);
    const opId = (out.send[0]!.message as ReadMessage).opId;
    const targets = out.send.map((e) => e.to);
    const eu = targets.filter((t) => t.startsWith('a'));
    const us = targets.filter((t) => t.startsWith('b'));
    expect([eu.length, us.length]).toEqual([2, 2]);
    const answer = (from: string) => coordinator.step({ type: 'message', from, message: { type: 'read-reply', opId, set: null } }, 2);
    expect(answer(us[0]!).replies).toEqual([]);
    expect(answer(us[1]!).replies).toEqual([]);
    expect(answer(eu[0]!).replies).toEqual([]);
    const reply = answer(eu[1]!).replies[0] as GetResult<string>;
    expect(reply.receipt).toMatchObject({ required: 2, zone: 'eu' });
    expect(reply.receipt.acks.map((a) => [a.zone, a.counted])).toEqual([
      ['us', false],
      ['us', false],
      ['eu', true],
      ['eu', true],
    ]);
  });
});
