// The README's Usage example, run as written. The block between the README-BEGIN and
// README-END markers must equal the README's code (import path aside); a guard test checks it.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { contextOf, decodeContext, emptySet, encodeContext, liveValues, sync, write } from '../src/index';

describe('README', () => {
  it('Usage runs and prints what the comments say', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // README-BEGIN
    // Replicas a and b of one key. Each node coordinates writes into its own set, as its own actor.
    let a = write(emptySet<string>(), { context: [], actor: 'node-a#1', nowMs: 1000, value: 'red' });
    let b = sync(emptySet<string>(), a); // replication: b joins a's set

    // Two clients read 'red' with its context token, then write through different nodes.
    const token = encodeContext(contextOf(b)); // opaque string, sent with the value
    a = write(a, { context: decodeContext(token), actor: 'node-a#1', nowMs: 2000, value: 'green' });
    b = write(b, { context: decodeContext(token), actor: 'node-b#1', nowMs: 2001, value: 'blue' });
    a = sync(a, b);
    console.log(liveValues(a)); // [ 'green', 'blue' ]: concurrent writes are siblings, none lost

    // A reader sees both siblings; a write with that context supersedes exactly them.
    const both = encodeContext(contextOf(a));
    a = write(a, { context: decodeContext(both), actor: 'node-a#1', nowMs: 3000, value: 'teal' });
    b = sync(b, a);
    console.log(liveValues(b)); // [ 'teal' ]
    // README-END
    const printed = log.mock.calls.map((args) => args[0]);
    log.mockRestore();
    expect(printed).toEqual([['green', 'blue'], ['teal']]);
  });

  it('the Usage block above is the README block, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const usage = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(usage).toBeDefined();
    const [importLine, blank, ...body] = (usage as string).trimEnd().split('\n');
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    expect(self).toContain(`${importLine!.replace("'@kv/vclock'", "'../src/index'")}\n`);
    expect(blank).toBe('');
    const marked = /\/\/ README-BEGIN\n([\s\S]*?)\n\s*\/\/ README-END/.exec(self)?.[1] ?? '';
    const dedented = marked.split('\n').map((line) => line.replace(/^ {4}/, ''));
    expect(dedented).toEqual(body);
  });
});
