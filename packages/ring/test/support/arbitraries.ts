// fast-check generators for member sets: small rings (few tokens per weight) so that
// properties run fast and hit sparse-ring corner cases (wrap-around, single tokens).
import fc from 'fast-check';
import type { Member } from '../../src/index';

export const zoneNames = ['dc-a', 'dc-b', 'dc-c', 'dc-d'] as const;

export const memberIdArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.integer({ min: 0, max: 40 }).map((i) => `node-${i}`),
  fc.constantFrom('nœud-é', '节点', '🔑'),
);

export const memberArb: fc.Arbitrary<Member> = fc.record(
  {
    id: memberIdArb,
    weight: fc.constantFrom(0.25, 0.5, 1, 1.5, 2, 3),
    zone: fc.constantFrom(...zoneNames),
  },
  { requiredKeys: ['id'] },
);

export const membersArb = (minLength = 1, maxLength = 10): fc.Arbitrary<Member[]> =>
  fc.uniqueArray(memberArb, { selector: (m) => m.id, minLength, maxLength });

/** Tokens per weight for property runs: small, so walks wrap and arcs are uneven. */
export const vnodesArb = fc.integer({ min: 1, max: 24 });

export const keyArb = fc.oneof(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 12 }));

export const positionArb = fc.nat({ max: 2 ** 32 - 1 });
