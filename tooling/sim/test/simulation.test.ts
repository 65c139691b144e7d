// The CI run: 200 seeds of a 5-node cluster (N = 3, 300 ops) with every fault on — delay and
// reordering, 2 % loss, 2 % replay, partitions (symmetric and one-way) with heal, crashes that
// drop unsynced data and restarts with a new generation — and all checkers after each run.
import { describe, expect, it } from 'vitest';
import type { SimOptions } from '../src/index.js';
import { failureReport, runSimulation } from '../src/index.js';

const seeds = 200;

describe('simulation with faults', () => {
  it(`${seeds} seeds: no lost write, siblings survive, replicas converge, strict quorums read their writes`, () => {
    const failures: string[] = [];
    let acked = 0;
    let crashes = 0;
    let partitions = 0;
    let faultFreePairs = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const result = runSimulation(seed, {});
      acked += result.stats['acked'] ?? 0;
      crashes += result.stats['crashes'] ?? 0;
      partitions += result.stats['partitions'] ?? 0;
      faultFreePairs += result.stats['rywFaultFreePairs'] ?? 0;
      if (result.violations.length > 0) failures.push(failureReport(result));
    }
    if (failures.length > 0) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    // The runs did exercise faults and the write path.
    expect(acked).toBeGreaterThan(seeds * 100);
    expect(crashes).toBeGreaterThan(seeds);
    expect(partitions).toBeGreaterThan(seeds);
    expect(faultFreePairs, 'read-your-writes had fault-free pairs to check').toBeGreaterThan(seeds);
  }, 120_000);

  const variants: Record<string, Partial<SimOptions>> = {
    '20 nodes, N = 5, isolate-single partitions': { nodes: 20, n: 5, partitionMode: 'isolateSingle' },
    '50 nodes, 10 clients': { nodes: 50, ops: 400, clients: 10 },
    '9 nodes, N = 5, 20 % loss and replay': { nodes: 9, n: 5, lossProbability: 0.2, replayProbability: 0.2 },
    '3 nodes, 2 hot keys, 8 clients': { nodes: 3, keys: 2, clients: 8 },
    'slow network (50..400 ms), one-way partitions': { delayMsMin: 50, delayMsMean: 400, partitionSymmetry: 0 },
    'slow disks (fsync up to 200 ms), faults every 0.5 s': { fsyncMsMax: 200, faultIntervalMsMean: 500 },
  };
  for (const [name, options] of Object.entries(variants)) {
    it(`${name}: 20 seeds, no violation`, () => {
      const failures: string[] = [];
      for (let seed = 1; seed <= 20; seed++) {
        const result = runSimulation(seed, options);
        if (result.violations.length > 0) failures.push(failureReport(result));
      }
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
