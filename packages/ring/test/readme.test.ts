// The README's Usage example runs, and the copy that runs is the one in the README.
import { readFileSync } from 'node:fs';
import { afterEach, expect, test, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const copy = readFileSync(new URL('./support/readme-example.ts', import.meta.url), 'utf8');

afterEach(() => {
  vi.restoreAllMocks();
});

test('the copy in test/support/readme-example.ts is the README Usage block, verbatim', () => {
  const block = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const body = copy.replace(/^(\/\/.*\n)+/, '').replace("from '../../src/index';", "from '@kv/ring';");
  expect(body).toBe(block);
});

test('the README Usage example runs and prints what its comments say', async () => {
  const printed: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args);
  });
  await import('./support/readme-example');
  expect(printed).toHaveLength(4);
  const [replicas, usReplicas, primaryZone] = printed[0] as [string[], string[], string];
  expect(replicas).toHaveLength(3);
  const zoneOf: Record<string, string> = { 'node-a': 'eu-1', 'node-b': 'eu-2', 'node-c': 'us-1', 'node-d': 'us-1' };
  expect(new Set(replicas.map((id) => zoneOf[id])).size).toBe(3); // "3 distinct zones"
  expect(usReplicas.slice().sort()).toEqual(['node-c', 'node-d']);
  expect(['eu-1', 'eu-2', 'us-1']).toContain(primaryZone);
  expect(String(printed[1]![0])).toMatch(/^\d+\.\d % of the key space changes replicas$/);
  expect(printed[2]![0]).toEqual(['node-e']);
  expect(printed[3]![0]).toBe(true);
});
