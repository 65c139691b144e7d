// Must-show (2): no live member is ever declared down during a 1-hour simulated run with 10 %
// message loss and no partitions (50 members, mini-sim, seeded). Single members do suspect
// now and then — five rounds without a fresher heartbeat happen at 10 % loss — and every
// such suspicion is refuted; none ever finds a second reporter of the same heartbeat.
import { expect, test } from 'vitest';
import { MiniSim } from './support/mini-sim.js';

const lossy = { delayMsMin: 1, delayMsMean: 5, lossProbability: 0.1 };

function run(seed: number, durationMs: number): { downs: number; suspicions: number; refutations: number; messages: number } {
  const sim = new MiniSim({ seed, members: 50, network: lossy });
  let downs = 0;
  let suspicions = 0;
  sim.onEvent = (e) => {
    if (e.event.type === 'down') downs++;
    if (e.event.type === 'suspect') suspicions++;
  };
  sim.runUntil(durationMs);
  expect(sim.nodes.every((n) => n.gossip.liveMembers().length === 50), `SEED=${seed}: everyone up at the end`).toBe(true);
  const refutations = sim.nodes.reduce((sum, n) => sum + n.gossip.stats().refutations, 0);
  return { downs, suspicions, refutations, messages: sim.messagesDelivered + sim.messagesLost };
}

test('50 members, 10 % loss, 1 simulated hour (seed 1): no false down', () => {
  const result = run(1, 3_600_000);
  console.log(`1 h, seed 1: ${result.messages} messages, ${result.suspicions} single suspicions, ${result.refutations} refuted, ${result.downs} downs`);
  expect(result.downs, 'SEED=1').toBe(0);
  expect(result.suspicions, 'suspicions happen and the two-source rule is what keeps them harmless').toBeGreaterThan(0);
});

test('two more seeds, 15 simulated minutes each: no false down', () => {
  for (const seed of [2, 3]) {
    const result = run(seed, 900_000);
    console.log(`15 min, seed ${seed}: ${result.suspicions} single suspicions, ${result.downs} downs`);
    expect(result.downs, `SEED=${seed}`).toBe(0);
  }
});
