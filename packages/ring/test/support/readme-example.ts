// The README's Usage example, verbatim except the import path (test/readme.test.ts checks
// that the two stay identical and runs this file).
import { createRing, diffRings, keySpaceFraction } from '../../src/index';

const ring = createRing([
  { id: 'node-a', zone: 'eu-1' },
  { id: 'node-b', zone: 'eu-2' },
  { id: 'node-c', zone: 'us-1', weight: 2 }, // twice the capacity: twice the tokens
  { id: 'node-d', zone: 'us-1' },
]);

const replicas = ring.preferenceList('user:42', 3); // 3 distinct nodes in 3 distinct zones
const byZone = ring.preferenceListByZone('user:42', { 'us-1': 2 }); // replicas per datacenter
console.log(replicas, byZone.get('us-1'), ring.member(replicas[0]!)?.zone);

// A node joins: which key ranges change replicas, and who must receive them?
const bigger = createRing([...ring.members, { id: 'node-e', zone: 'eu-1' }]);
const moves = diffRings(ring, bigger, 3);
console.log(`${(keySpaceFraction(moves) * 100).toFixed(1)} % of the key space changes replicas`);
console.log(moves[0]?.gained); // [ 'node-e' ]
console.log(ring.fingerprint === createRing([...ring.members].reverse()).fingerprint); // true
