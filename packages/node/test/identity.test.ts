// Node identity (DESIGN.md §4): a generation persisted before the node serves, never reused —
// not after a restart, and not after the data dir was wiped while the id stayed (kv679).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { takeNextGeneration } from '../src/runtime/node-identity.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kv-identity-'));
  dirs.push(d);
  return d;
};

describe('node identity', () => {
  it('takes a higher generation on every start and writes it before returning', () => {
    const d = dir();
    const first = takeNextGeneration(d, { nodeId: 'n1', cluster: 'kv' }, 1_000_000);
    const second = takeNextGeneration(d, { nodeId: undefined, cluster: 'kv' }, 1_000_000);
    expect(second.nodeId).toBe('n1');
    expect(second.generation).toBe(first.generation + 1);
    expect(JSON.parse(readFileSync(join(d, 'NODE'), 'utf8'))).toEqual(second);
  });

  it('moves past old generations when the data dir was wiped but the id is given again', () => {
    const before = takeNextGeneration(dir(), { nodeId: 'n1', cluster: 'kv' }, 1_700_000_000_000);
    const afterWipe = takeNextGeneration(dir(), { nodeId: 'n1', cluster: 'kv' }, 1_700_000_005_000);
    expect(afterWipe.generation).toBeGreaterThan(before.generation);
  });

  it('refuses a data dir of another node or cluster, and bad ids', () => {
    const d = dir();
    takeNextGeneration(d, { nodeId: 'n1', cluster: 'kv' }, 0);
    expect(() => takeNextGeneration(d, { nodeId: 'n2', cluster: 'kv' }, 0)).toThrow(/belongs to node n1/);
    expect(() => takeNextGeneration(d, { nodeId: 'n1', cluster: 'other' }, 0)).toThrow(/belongs to cluster kv/);
    expect(() => takeNextGeneration(dir(), { nodeId: 'bad id!', cluster: 'kv' }, 0)).toThrow(/node id/);
  });

  it('gives an empty data dir a fresh random id', () => {
    const a = takeNextGeneration(dir(), { nodeId: undefined, cluster: 'kv' }, 0);
    const b = takeNextGeneration(dir(), { nodeId: undefined, cluster: 'kv' }, 0);
    expect(a.nodeId).not.toBe(b.nodeId);
  });
});
