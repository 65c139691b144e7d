// Planted bugs: the simulator can run a deliberately broken coordinator (acks at W−1, a sim-side
// wrapper; @kv/quorum is untouched) or a caller loop that ignores `persist` (sends acks before the
// group commit, reuses the generation on restart). A checker must catch each within a few seeds
// and print a replayable seed, proving the checkers are not vacuous.
import { describe, expect, it } from 'vitest';
import { failureReport, runSimulation, scenarioNamed } from '../src/index.js';

describe('a coordinator that acks at W−1', () => {
  it('is caught by the read-your-writes checker, with a printed seed and replay command', () => {
    let report: string | undefined;
    for (let seed = 1; seed <= 20 && report === undefined; seed++) {
      const result = runSimulation(seed, { plantedBug: 'ackAtWMinusOne' });
      if (result.violations.some((v) => v.checker === 'read-your-writes')) report = failureReport(result);
    }
    expect(report).toBeDefined();
    console.log(report);
    expect(report).toMatch(/^SEED=\d+ OPTIONS=\{"plantedBug":"ackAtWMinusOne"\}/);
    expect(report).toContain(`pnpm sim --seed`);
  });

  it('the same seeds pass with the real coordinator and the honest caller loop', () => {
    for (let seed = 1; seed <= 5; seed++) expect(runSimulation(seed, {}).violations).toEqual([]);
  });
});

describe('a caller loop that ignores persist (acks before fsync, generation reused: kv679)', () => {
  it('loses acknowledged writes, and the no-lost-writes checker says so with a printed seed', () => {
    let report: string | undefined;
    for (let seed = 1; seed <= 60 && report === undefined; seed++) {
      const result = runSimulation(seed, { plantedBug: 'sendBeforePersist' });
      if (result.violations.some((v) => v.checker === 'no-lost-writes' || v.checker === 'sibling-survival')) report = failureReport(result);
    }
    expect(report).toBeDefined();
    console.log(report);
    expect(report).toMatch(/^SEED=\d+ OPTIONS=\{"plantedBug":"sendBeforePersist"\}/);
  });
});

describe('a replica store that keeps deleted values when a set replaces them (zombie data)', () => {
  it('is caught by the no-resurrection checker in the delete-heal scenario', () => {
    let report: string | undefined;
    for (let seed = 1; seed <= 10 && report === undefined; seed++) {
      const result = runSimulation(seed, { ...scenarioNamed('delete-heal').options, plantedBug: 'zombieValues' });
      if (result.violations.some((v) => v.checker === 'no-resurrection')) report = failureReport(result);
    }
    expect(report).toBeDefined();
    expect(report).toContain('no-resurrection');
  });

  it('the same seeds pass with the real store', () => {
    for (let seed = 1; seed <= 5; seed++) expect(runSimulation(seed, scenarioNamed('delete-heal').options).violations).toEqual([]);
  });
});
