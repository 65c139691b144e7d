// README.md, run: the Usage example verbatim (only the import path differs), and the figures
// the README quotes from the defaults.
import { readFileSync } from 'node:fs';
import { expect, test, vi } from 'vitest';

const log = vi.spyOn(console, 'log').mockImplementation(() => {});

// README:begin
import { Gossip } from '../src/index.js';
import type { GossipInput } from '../src/index.js';

const random = { nextU32: () => crypto.getRandomValues(new Uint32Array(1))[0] as number };
const a = new Gossip({ id: 'a', address: 'a:7000', generation: 1 }, {}, random);
const b = new Gossip({ id: 'b', address: 'b:7000', zone: 'eu-1', generation: 1 }, { seeds: ['a:7000'] }, random);
const nodes = new Map([['a:7000', a], ['b:7000', b]]);

// The caller's loop, in memory: a real node persists, sends over the network and sets a timer.
function step(address: string, input: GossipInput, nowMs: number): void {
  const out = (nodes.get(address) as Gossip).step(input, nowMs);
  for (const { to, message } of out.send) step(to, { type: 'message', from: address, message }, nowMs);
  for (const event of out.events) console.log(`${address} sees ${event.member.id} ${event.type}`);
}
step('a:7000', { type: 'start' }, 0); // a:7000 sees a joined (no seeds: the first member)
step('b:7000', { type: 'start' }, 0); // b asks a, a answers: b:7000 sees a joined, b joined; a:7000 sees b joined
console.log(b.liveMembers().map((m) => `${m.id}:${m.status}`)); // [ 'a:up', 'b:up' ]
// README:end

const printed = log.mock.calls.map((call) => call.map(String).join(' '));
log.mockRestore();

test('the Usage example runs and prints what its comments say', () => {
  expect(printed).toEqual(['a:7000 sees a joined', 'b:7000 sees a joined', 'b:7000 sees b joined', 'a:7000 sees b joined', 'a:up,b:up']);
});

test('the Usage example in README.md is this file’s copy', () => {
  const mine = readFileSync(new URL(import.meta.url), 'utf8');
  const copy = mine.slice(mine.indexOf('// README:begin\n') + 16, mine.indexOf('// README:end')).replaceAll("'../src/index.js'", "'@kv/gossip'");
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'));
  const start = usage.indexOf('```ts\n') + 6;
  expect(usage.slice(start, usage.indexOf('```\n', start))).toBe(copy);
});
