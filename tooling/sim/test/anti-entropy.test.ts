// Anti-entropy in the simulator (issue: permanent failures). The disk-loss scenario: during the
// workload one node crashes and loses its disk (data and hints, synced or not) and restarts
// empty with a new generation; at the end there are no reads at R = all, so only anti-entropy
// exchanges can bring the replicas back. Every acknowledged write must then be on every primary
// (convergence + no-lost-writes), except a write the lost node alone acknowledged. The negative
// control runs the same seeds with anti-entropy off: the replicas must then stay apart, which
// shows the scenario really loses data that only anti-entropy restores.
import { describe, expect, it } from 'vitest';
import { failureReport, runSimulation, scenarioNamed } from '../src/index.js';

const diskLoss = scenarioNamed('disk-loss').options;

describe('anti-entropy in the simulator', () => {
  it('disk loss, 60 seeds: every acknowledged write is back on every primary through anti-entropy alone', () => {
    const failures: string[] = [];
    let losses = 0;
    let setsSent = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const result = runSimulation(seed, diskLoss);
      losses += result.stats['diskLosses'] ?? 0;
      setsSent += result.stats['aeSetsSent'] ?? 0;
      if (result.violations.length > 0) failures.push(failureReport(result));
    }
    if (failures.length > 0) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    expect(losses).toBe(60);
    expect(setsSent, 'anti-entropy moved sets').toBeGreaterThan(60);
  }, 120_000);

  it('negative control: without anti-entropy the same disk losses leave replicas behind', () => {
    let failedSeeds = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const result = runSimulation(seed, { ...diskLoss, antiEntropy: false });
      if (result.violations.some((v) => v.checker === 'convergence')) failedSeeds++;
    }
    expect(failedSeeds).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('anti-entropy leaves the fault scenario green and replays exactly', () => {
    const first = runSimulation(9, { ...diskLoss, ops: 120 });
    const second = runSimulation(9, { ...diskLoss, ops: 120 });
    expect(second.traceHash).toBe(first.traceHash);
    expect(second.stats).toEqual(first.stats);
  });
});
