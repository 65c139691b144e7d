// The membership list and its failure detector (DESIGN.md §5 "Failure detection": a node is
// declared down only when its heartbeat has stalled past a timeout and at least two members
// agree; Dynamo §4.8.3's local, gossiped failure view). Each test names the rule it checks.
import { describe, expect, test } from 'vitest';
import type { GossipEvent, MemberRecord } from '../src/index.js';
import { MemberTable } from '../src/member-table.js';
import type { TableConfig } from '../src/member-table.js';
import { emptyStats } from '../src/stats.js';
import { record } from './support/records.js';

const config: TableConfig = { suspicionTimeoutMs: 5000, messageMembersMax: 256, downConfirmations: 2, membersMax: 16, leftRetentionMs: 60_000 };

function table(overrides: Partial<TableConfig> = {}) {
  const stats = emptyStats();
  const events: GossipEvent[] = [];
  const t = new MemberTable(record('me'), { ...config, ...overrides }, stats);
  const apply = (r: MemberRecord, nowMs = 0) => t.apply(r, nowMs, events);
  const types = () => events.map((e) => `${e.type} ${e.member.id}`);
  return { t, stats, events, apply, types };
}

describe('the two-source rule: down only when two distinct members report the same (id, generation, heartbeat) stalled', () => {
  test('one reporter never marks down, however often its report arrives', () => {
    const { t, apply, types } = table();
    apply(record('x', { heartbeat: 5 }));
    for (let i = 0; i < 10; i++) apply(record('x', { heartbeat: 5, suspectedBy: ['a'] }), i * 1000);
    expect(t.get('x')?.status).toBe('up');
    expect(types()).toEqual(['joined x']);
  });

  test('a second reporter of the same heartbeat marks down, and the event says so', () => {
    const { t, apply, types, stats } = table();
    apply(record('x', { heartbeat: 5, suspectedBy: ['a'] }));
    apply(record('x', { heartbeat: 5, suspectedBy: ['b'] }));
    expect(t.get('x')).toMatchObject({ status: 'down', heartbeat: 5, suspectedBy: [] });
    expect(types()).toEqual(['joined x', 'down x']);
    expect(stats.downsDecided).toBe(1);
  });

  test('our own stall report plus one other member’s makes two', () => {
    const { t, apply, types } = table();
    apply(record('x', { heartbeat: 5 }), 0);
    t.suspectStalled(5000, []);
    expect(t.get('x')?.suspectedBy).toEqual(['me']);
    apply(record('x', { heartbeat: 5, suspectedBy: ['a'] }), 5100);
    expect(t.get('x')?.status).toBe('down');
    expect(types()).toEqual(['joined x', 'down x']);
  });

  test('reports of different heartbeats do not add up: the newer heartbeat refutes the older report', () => {
    const { t, apply } = table();
    apply(record('x', { heartbeat: 5, suspectedBy: ['a'] }));
    apply(record('x', { heartbeat: 6, suspectedBy: ['b'] }));
    expect(t.get('x')).toMatchObject({ status: 'up', heartbeat: 6, suspectedBy: ['b'] });
    apply(record('x', { heartbeat: 5, suspectedBy: ['c'] })); // late report about the old heartbeat
    expect(t.get('x')).toMatchObject({ status: 'up', suspectedBy: ['b'] });
  });

  test('a down decision spreads by gossip: a record already down is taken as it is', () => {
    const { t, apply, types } = table();
    apply(record('x', { heartbeat: 5 }));
    apply(record('x', { heartbeat: 5, status: 'down' }));
    expect(t.get('x')?.status).toBe('down');
    expect(types()).toEqual(['joined x', 'down x']);
  });

  test('downConfirmations = 3 needs three reporters', () => {
    const { t, apply } = table({ downConfirmations: 3 });
    apply(record('x', { heartbeat: 5, suspectedBy: ['a', 'b'] }));
    expect(t.get('x')?.status).toBe('up');
    apply(record('x', { heartbeat: 5, suspectedBy: ['c'] }));
    expect(t.get('x')?.status).toBe('down');
  });
});

describe('suspicion and refutation (as observed locally)', () => {
  test('a heartbeat still for suspicionTimeoutMs makes us suspect; an advancing one refutes it', () => {
    const { t, apply, types, stats } = table();
    apply(record('x', { heartbeat: 5 }), 1000);
    t.suspectStalled(5999, []);
    expect(t.get('x')?.suspectedBy).toEqual([]); // 4999 ms: not yet
    const events: GossipEvent[] = [];
    t.suspectStalled(6000, events);
    expect(events.map((e) => `${e.type} ${e.member.id} ${e.member.status}`)).toEqual(['suspect x suspect']);
    apply(record('x', { heartbeat: 6 }), 6500);
    expect(t.get('x')).toMatchObject({ heartbeat: 6, suspectedBy: [] });
    expect(types()).toEqual(['joined x', 'up x']);
    expect(stats).toMatchObject({ suspicionsRaised: 1, refutations: 1 });
  });

  test('the stall clock restarts at every advance, not at first sight', () => {
    const { t, apply } = table();
    apply(record('x', { heartbeat: 1 }), 0);
    apply(record('x', { heartbeat: 2 }), 4000);
    t.suspectStalled(8999, []);
    expect(t.get('x')?.suspectedBy).toEqual([]);
    t.suspectStalled(9000, []);
    expect(t.get('x')?.suspectedBy).toEqual(['me']);
  });

  test('a pause of ours is not counted against anyone (shiftStallClocks)', () => {
    const { t, apply } = table();
    apply(record('x', { heartbeat: 1 }), 0);
    t.shiftStallClocks(10_000);
    t.suspectStalled(12_000, []);
    expect(t.get('x')?.suspectedBy).toEqual([]);
  });

  test('messages carrying a window of k records stretch the timeout by ⌈(n − 1) / (k − 1)⌉', () => {
    const { t, apply } = table({ messageMembersMax: 2 }); // 3 members: stretch 2
    apply(record('x', { heartbeat: 1 }), 0);
    apply(record('y', { heartbeat: 1 }), 0);
    t.suspectStalled(9999, []);
    expect(t.get('x')?.suspectedBy).toEqual([]);
    t.suspectStalled(10_000, []);
    expect(t.get('x')?.suspectedBy).toEqual(['me']);
  });

  test('down and left members are never suspected', () => {
    const { t, apply, stats } = table();
    apply(record('x', { status: 'down' }), 0);
    apply(record('y', { status: 'left' }), 0);
    t.suspectStalled(1_000_000, []);
    expect(stats.suspicionsRaised).toBe(0);
  });
});

describe('restart: a higher generation is up again', () => {
  test('a down member that restarts with a new generation is up, with one `up` event', () => {
    const { t, apply, types } = table();
    apply(record('x', { heartbeat: 5, status: 'down' }));
    apply(record('x', { generation: 2, heartbeat: 0, address: 'x:7001' }));
    expect(t.get('x')).toMatchObject({ generation: 2, status: 'up', address: 'x:7001' });
    expect(types()).toEqual(['joined x', 'up x']);
  });

  test('a restart noticed before any down decision still reports `up` with the new generation', () => {
    const { apply, events } = table();
    apply(record('x', { heartbeat: 5 }));
    apply(record('x', { generation: 2 }));
    expect(events.map((e) => [e.type, e.member.generation])).toEqual([
      ['joined', 1],
      ['up', 2],
    ]);
  });

  test('a left member that comes back with a new generation is up', () => {
    const { t, apply } = table();
    apply(record('x', { status: 'left' }));
    apply(record('x', { generation: 2 }));
    expect(t.get('x')?.status).toBe('up');
  });
});

describe('bounds', () => {
  test('past membersMax a new member is refused and counted; known ones still update', () => {
    const { t, apply, stats } = table({ membersMax: 3 });
    apply(record('a'));
    apply(record('b'));
    apply(record('c'));
    expect(t.records().map((r) => r.id)).toEqual(['me', 'a', 'b']);
    expect(stats.membersRefused).toBe(1);
    apply(record('a', { heartbeat: 9 }));
    expect(t.get('a')?.heartbeat).toBe(9);
  });

  test('left members are forgotten after leftRetentionMs; down members are kept', () => {
    const { t, apply, stats } = table();
    apply(record('x', { status: 'left' }), 1000);
    apply(record('y', { status: 'down' }), 1000);
    t.forgetLeft(60_999);
    expect(t.get('x')).toBeDefined();
    t.forgetLeft(61_000);
    expect(t.get('x')).toBeUndefined();
    expect(t.get('y')).toBeDefined();
    expect(stats.leftForgotten).toBe(1);
  });

  test('the table keeps its own copy, without the unknown fields a peer sent', () => {
    const { t, apply } = table();
    const incoming = { ...record('x', { heartbeat: 3 }), extra: 'x'.repeat(1000) };
    apply(incoming);
    expect(t.get('x')).not.toBe(incoming);
    expect(t.get('x')).not.toHaveProperty('extra');
  });
});
