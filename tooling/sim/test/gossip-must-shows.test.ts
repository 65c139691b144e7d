// Gossip's must-shows, ported from packages/gossip's mini-sim to the full simulator (the same
// Gossip cores, here driving the quorum view): 50 members, 10 % loss, delays of 1 ms plus an
// exponential part (5 ms mean), no partitions and no scheduled faults.
//   (1) a crashed member is declared down by every live member within detectionBoundMs (gossip
//       README, "Detection bound": 20 s for these settings), and its peers' quorum views follow;
//   (2) an hour without partitions: no live member is ever declared down.
import { detectionBoundMs, gossipDefaults } from '@kv/gossip';
import { describe, expect, it } from 'vitest';
import { ClusterSim, resolveOptions } from '../src/index.js';

const calm = resolveOptions({ nodes: 50, ops: 0, lossProbability: 0.1, replayProbability: 0, delayMsMin: 1, delayMsMean: 5, partitionMode: 'none', crashes: false });

describe('gossip in the simulator (50 members, 10 % loss)', () => {
  const bound = detectionBoundMs(gossipDefaults, 50, 0.1);

  it(`(1) a crashed member is held down by every live member within ${bound} ms, 5 seeds`, () => {
    const worsts: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const downAt = new Map<string, number>();
      const sim = new ClusterSim(seed, calm, {
        onGossipEvent: (observer, event, atMs) => {
          if (event.type === 'down' && !downAt.has(observer)) downAt.set(observer, atMs);
        },
      });
      sim.boot(false);
      sim.runFor(30_000);
      expect(downAt.size, `SEED=${seed}: a down before the crash`).toBe(0);
      const victim = sim.nodes[(seed * 7) % 50]?.id as string;
      sim.crashNow(victim);
      const crashedAt = sim.queue.nowMs;
      sim.runFor(bound);
      const live = sim.nodes.filter((node) => !node.crashed);
      for (const node of live) {
        expect(node.gossip.member(victim)?.status, `SEED=${seed}: ${node.id} on ${victim}`).toBe('down');
        expect(node.viewKey, `SEED=${seed}: ${node.id}'s quorum view`).toBe(victim);
      }
      const worst = Math.max(...live.map((node) => (downAt.get(node.id) ?? Infinity) - crashedAt));
      expect(worst, `SEED=${seed}`).toBeLessThanOrEqual(bound);
      worsts.push(worst);
    }
    console.log(`detection: worst ${Math.max(...worsts)} ms over 5 seeds (bound ${bound} ms)`);
  }, 60_000);

  it('(2) one simulated hour without partitions: no live member is declared down', () => {
    let downs = 0;
    const sim = new ClusterSim(1, calm, { onGossipEvent: (_observer, event) => void (event.type === 'down' && downs++) });
    sim.boot(false);
    sim.runFor(3_600_000);
    expect(downs, 'SEED=1').toBe(0);
    expect(sim.nodes.every((node) => node.viewKey === '' && node.gossip.liveMembers().length === 50)).toBe(true);
  }, 120_000);
});
