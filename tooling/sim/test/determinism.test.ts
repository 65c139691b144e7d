// Determinism (CONVENTIONS.md §3): one seed drives everything, so the same seed and options yield
// the identical trace (every delivered event, hashed) and a different seed a different one.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../src/index.js';

describe('a seed replays exactly', () => {
  it('gives the same trace hash twice, with faults on', () => {
    const first = runSimulation(42, { ops: 150 });
    const second = runSimulation(42, { ops: 150 });
    expect(first.events).toBeGreaterThan(500);
    expect(second.traceHash).toBe(first.traceHash);
    expect(second.events).toBe(first.events);
    expect(second.stats).toEqual(first.stats);
  });

  it('gives a different trace for a different seed', () => {
    expect(runSimulation(43, { ops: 150 }).traceHash).not.toBe(runSimulation(42, { ops: 150 }).traceHash);
  });

  it('feeds every trace line to onTrace (the verbose replay)', () => {
    const lines: string[] = [];
    const result = runSimulation(7, { ops: 40 }, { onTrace: (line) => lines.push(line) });
    expect(lines).toHaveLength(result.events);
    expect(lines.some((line) => line.includes('deliver'))).toBe(true);
  });
});
