// Records, messages and random sources for the unit tests, plus fast-check arbitraries of
// records of one member id (the inputs of the merge-rule properties).
import fc from 'fast-check';
import { seededRandom } from '@kv/test-kit';
import { GOSSIP_PROTOCOL_VERSION } from '../../src/index.js';
import type { GossipMessage, GossipMessageType, MemberRecord, Random, RecordStatus } from '../../src/index.js';

/** A record with defaults for everything but what the test cares about. */
export function record(id: string, fields: Partial<MemberRecord> = {}): MemberRecord {
  return { id, address: `${id}:7000`, weight: 1, generation: 1, heartbeat: 0, status: 'up', suspectedBy: [], ...fields };
}

export function message(sender: MemberRecord, others: readonly MemberRecord[] = [], type: GossipMessageType = 'gossip'): GossipMessage {
  return { version: GOSSIP_PROTOCOL_VERSION, type, sender: sender.id, members: [sender, ...others] };
}

export function random(seed = 1): Random {
  const source = seededRandom(seed);
  return { nextU32: source.u32 };
}

const reporters = ['a', 'b', 'c', 'd'] as const;

/** Records of member `x` with small generations and heartbeats, so collisions (the interesting cases) are common. */
export function recordOf(maxReporters = 2): fc.Arbitrary<MemberRecord> {
  return fc
    .record({
      generation: fc.integer({ min: 1, max: 3 }),
      heartbeat: fc.integer({ min: 0, max: 4 }),
      status: fc.constantFrom<RecordStatus>('up', 'up', 'down', 'left'),
      address: fc.constantFrom('x:7000', 'x:7001'),
      suspectedBy: fc.subarray([...reporters], { maxLength: maxReporters }),
    })
    .map(({ status, suspectedBy, ...rest }) => record('x', { ...rest, status, suspectedBy: status === 'up' ? suspectedBy : [] }));
}
