// The Coordinator driven by hand, one step at a time, with hand-written replica answers. Dynamo
// §4.5: "the coordinator … sends the new version … to the N highest-ranked reachable nodes. If
// at least W−1 nodes respond then the write is considered successful" — here W acks by distinct
// nodes, the coordinating replica's own write being one of them.
import { describe, expect, it } from 'vitest';
import type { CoordinateMessage, CoordinatorConfig, CoordinatorOutput, FailedReply, WriteAckMessage } from '../src/index.js';
import { Coordinator, QuorumError } from '../src/index.js';
import { isString, keyWith, ringOf, seeded } from './support/fixtures.js';

const ids = ['a', 'b', 'c', 'd', 'e'];
const ring = ringOf(ids);
const now = 5_000;

function coordinatorAt(self: string, down: string[] = [], config: Partial<CoordinatorConfig<string>> = {}): Coordinator<string> {
  const coordinator = new Coordinator<string>({ self, random: seeded(7), isValue: isString, ...config });
  coordinator.step({ type: 'view', view: { ring, down } }, 0);
  return coordinator;
}

function ackFrom(coordinate: CoordinateMessage<string>, outcome: WriteAckMessage['outcome'] = 'stored'): WriteAckMessage {
  return {
    type: 'write-ack',
    opId: coordinate.opId,
    outcome,
    reason: outcome === 'refused' ? 'hints-full' : null,
    dot: { actor: 'x#1', counter: 1 },
    siblings: 1,
  };
}

function onlyCoordinate(out: CoordinatorOutput<string>): { to: string; message: CoordinateMessage<string> } {
  expect(out.send).toHaveLength(1);
  const [envelope] = out.send;
  expect(envelope!.message.type).toBe('coordinate');
  return envelope as { to: string; message: CoordinateMessage<string> };
}

const failure = (out: CoordinatorOutput<string>): QuorumError => (out.replies[0] as FailedReply).error;

describe('Coordinator: writes', () => {
  const key = keyWith(ring, 3, (p) => p[0] === 'a');
  const primaries = ring.preferenceList(key, 3);

  it('an up primary coordinates its own write: one coordinate message to itself naming every target', () => {
    const out = coordinatorAt('a').step({ type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v' } }, now);
    const { to, message } = onlyCoordinate(out);
    expect(to).toBe('a');
    expect(message).toMatchObject({ origin: 'a', key, context: null, write: { tombstone: false, value: 'v' } });
    expect(message.targets).toEqual(primaries.map((node) => ({ node })));
    expect(out.timers).toEqual([{ id: `request:${message.opId}`, atMs: now + 2_000 }]);
  });

  it('a node outside the preference list forwards to the first up primary', () => {
    const outsider = ids.find((id) => !primaries.includes(id))!;
    expect(onlyCoordinate(coordinatorAt(outsider).step({ type: 'request', request: { requestId: 'r', op: 'put', key, value: 'v' } }, now)).to).toBe('a');
    const firstDown = coordinatorAt(outsider, ['a']).step({ type: 'request', request: { requestId: 'r', op: 'put', key, value: 'v' } }, now);
    expect(onlyCoordinate(firstDown).to).toBe(primaries[1]);
  });

  it('counts acks per version: a coordinate delivered twice makes two versions, and W acks must name the same one (sim seed 543)', () => {
    const coordinator = coordinatorAt('a');
    const { message } = onlyCoordinate(coordinator.step({ type: 'request', request: { requestId: 'dup', op: 'put', key, value: 'v', w: 3 } }, now));
    const first = { ...ackFrom(message), dot: { actor: 'a#1', counter: 1 } };
    const second = { ...ackFrom(message), dot: { actor: 'a#1', counter: 2 } };
    // a holds both versions, b only the first, c only the second: no version is on 3 nodes.
    expect(coordinator.step({ type: 'message', from: 'a', message: second }, now + 1).replies).toEqual([]);
    expect(coordinator.step({ type: 'message', from: primaries[1]!, message: first }, now + 2).replies).toEqual([]);
    expect(coordinator.step({ type: 'message', from: primaries[2]!, message: second }, now + 3).replies).toEqual([]);
    // b acks the second version too (its replicate arrived late): now 3 nodes hold it.
    const done = coordinator.step({ type: 'message', from: primaries[1]!, message: second }, now + 4).replies;
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ ok: true, dot: { actor: 'a#1', counter: 2 } });
    const reply = done[0];
    if (reply === undefined || !reply.ok) throw new Error('expected a success');
    expect(reply.receipt.acks.map((ack) => ack.node)).toEqual(['a', primaries[2], primaries[1]]);
  });

  it('Dynamo §4.5: W acks from distinct nodes; a repeated ack or one from outside the plan does not count', () => {
    const coordinator = coordinatorAt('a');
    const { message } = onlyCoordinate(coordinator.step({ type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v', w: 'all' } }, now));
    const outsider = ids.find((id) => !primaries.includes(id))!;
    const step = (from: string) => coordinator.step({ type: 'message', from, message: ackFrom(message) }, now + 1);
    expect(step(primaries[0]!).replies).toEqual([]);
    expect(step(primaries[0]!).replies).toEqual([]); // the same node again
    expect(step(outsider).replies).toEqual([]); // not a target
    expect(step(primaries[1]!).replies).toEqual([]);
    const done = step(primaries[2]!);
    expect(done.replies).toHaveLength(1);
    const reply = done.replies[0]!;
    expect(reply.ok && reply.op === 'put' && reply.receipt.acks.map((a) => a.node)).toEqual(primaries);
    expect(done.cancelTimers).toEqual([`request:${message.opId}`]);
    expect(coordinator.stats()).toMatchObject({ inFlight: 0, succeeded: 1, ignoredAnswers: 2 });
  });

  it('TIMEOUT at the deadline carries the partial receipt', () => {
    const coordinator = coordinatorAt('a');
    const out = coordinator.step({ type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v', w: 3, timeoutMs: 50 } }, now);
    const { message } = onlyCoordinate(out);
    coordinator.step({ type: 'message', from: 'a', message: ackFrom(message) }, now + 1);
    const timedOut = coordinator.step({ type: 'timer', id: out.timers[0]!.id }, now + 50);
    const error = failure(timedOut);
    expect(error).toBeInstanceOf(QuorumError);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error.message).toBe('1 of 3 acks within 50 ms');
    expect(error.receipt?.acks.map((a) => a.node)).toEqual(['a']);
    expect(coordinator.step({ type: 'timer', id: out.timers[0]!.id }, now + 60).replies).toEqual([]); // stale timer: no-op
  });

  it('UNAVAILABLE before sending anything when fewer than W nodes are reachable at all', () => {
    const out = coordinatorAt('a', [primaries[1]!, primaries[2]!]).step(
      { type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v', w: 2, sloppy: false } },
      now,
    );
    expect(out.send).toEqual([]);
    const error = failure(out);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.receipt).toMatchObject({ targets: [{ node: 'a' }], uncovered: [primaries[1], primaries[2]], acks: [] });
  });

  it('UNAVAILABLE as soon as refusals (full hint backlogs) leave W out of reach', () => {
    const coordinator = coordinatorAt('a', [primaries[1]!, primaries[2]!]);
    const { message } = onlyCoordinate(coordinator.step({ type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v', w: 3 } }, now));
    const fallbacks = message.targets.filter((t) => t.hintFor !== undefined).map((t) => t.node);
    expect(fallbacks).toHaveLength(2);
    expect(coordinator.step({ type: 'message', from: 'a', message: ackFrom(message) }, now).replies).toEqual([]);
    const out = coordinator.step({ type: 'message', from: fallbacks[0]!, message: ackFrom(message, 'refused') }, now);
    expect(failure(out).code).toBe('UNAVAILABLE');
    expect(failure(out).receipt?.refusals).toEqual([{ node: fallbacks[0], reason: 'hints-full' }]);
  });

  it('hinted acks count towards W and are listed in the receipt', () => {
    const coordinator = coordinatorAt('a', [primaries[2]!]);
    const { message } = onlyCoordinate(coordinator.step({ type: 'request', request: { requestId: 'r1', op: 'put', key, value: 'v', w: 2 } }, now));
    const fallback = message.targets.find((t) => t.hintFor !== undefined)!;
    coordinator.step({ type: 'message', from: fallback.node, message: ackFrom(message, 'hinted') }, now);
    const out = coordinator.step({ type: 'message', from: 'a', message: ackFrom(message) }, now);
    const reply = out.replies[0]!;
    expect(reply.ok).toBe(true);
    expect(reply.ok && reply.receipt.hintsWritten).toEqual([{ node: fallback.node, hintFor: primaries[2] }]);
    expect(reply.ok && reply.receipt.acks[0]).toMatchObject({ node: fallback.node, role: 'fallback', hintFor: primaries[2], counted: true });
  });

  it('OVERLOADED past requestsInFlightMax, and the slot frees when a request finishes', () => {
    const coordinator = coordinatorAt('a', [], { requestsInFlightMax: 2 });
    const put = (requestId: string) => coordinator.step({ type: 'request', request: { requestId, op: 'put', key, value: 'v', w: 1 } }, now);
    const first = onlyCoordinate(put('r1')).message;
    put('r2');
    expect(failure(put('r3'))).toMatchObject({ code: 'OVERLOADED', retryable: true });
    coordinator.step({ type: 'message', from: 'a', message: ackFrom(first) }, now);
    expect(put('r4').send).toHaveLength(1);
    expect(coordinator.stats().failed.OVERLOADED).toBe(1);
  });
});

describe('Coordinator: BAD_REQUEST, before anything is sent', () => {
  const coordinator = coordinatorAt('a');
  const bad = (request: unknown) => {
    const out = coordinator.step({ type: 'request', request: request as never }, now);
    expect(out.send).toEqual([]);
    return failure(out);
  };

  it.each([
    [{ requestId: 'x', op: 'put', key: '', value: 'v' }, /key must not be empty/],
    [{ requestId: 'x', op: 'put', key: 'k'.repeat(1025), value: 'v' }, /keyBytesMax/],
    [{ requestId: 'x', op: 'put', key: 'k', value: 42 }, /value/],
    [{ requestId: 'x', op: 'put', key: 'k', value: 'v', w: 4 }, /w must be an integer in 1..3/],
    [{ requestId: 'x', op: 'get', key: 'k', r: 'most' }, /r must be/],
    [{ requestId: 'x', op: 'get', key: 'k', r: 'local_quorum' }, /zone/],
    [{ requestId: 'x', op: 'put', key: 'k', value: 'v', context: 'not-a-token' }, /context/],
    [{ requestId: 'x', op: 'delete', key: 'k' }, /delete needs the context/],
    [{ requestId: 'x', op: 'put', key: 'k', value: 'v', keyspace: 'nope' }, /unknown keyspace/],
    [{ requestId: 'x', op: 'put', key: 'k', value: 'v', timeoutMs: 0 }, /timeoutMs/],
    [{ requestId: 'x', op: 'scan', key: 'k' }, /op must be/],
    [{ op: 'get', key: 'k' }, /requestId/],
    [null, /object/],
  ])('%j', (request, message) => {
    const error = bad(request);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', retryable: false });
    expect(error.message).toMatch(message);
  });

  it('a request id already in flight', () => {
    coordinator.step({ type: 'request', request: { requestId: 'dup', op: 'get', key: 'k' } }, now);
    expect(bad({ requestId: 'dup', op: 'get', key: 'k' }).message).toMatch(/already in flight/);
  });

  it('byte keys are keys too', () => {
    const out = coordinator.step({ type: 'request', request: { requestId: 'bytes', op: 'get', key: new Uint8Array([1, 2, 3]) } }, now);
    expect(out.send.map((e) => e.message.type)).toEqual(['read', 'read', 'read']);
  });

  it('no view yet: UNAVAILABLE', () => {
    const blind = new Coordinator<string>({ self: 'a', random: seeded(1), isValue: isString });
    expect(failure(blind.step({ type: 'request', request: { requestId: 'r', op: 'get', key: 'k' } }, now)).code).toBe('UNAVAILABLE');
  });
});
