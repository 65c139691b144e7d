// Package shape: the Node and browser entries export the same API, the version the hello
// announces is package.json's, and bad connect options fail as assertions naming the option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser.js';
import * as node from '../src/index.js';

describe('package', () => {
  it('exports the same names from both entries', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect(typeof node.connect).toBe('function');
    expect(node.KvError).toBe(browser.KvError);
  });

  it("announces package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(node.clientVersion).toBe(pkg.version);
  });

  it('rejects bad connect options with a ClientAssertionError naming the option', async () => {
    const cases: [unknown, RegExp][] = [
      [{ nodes: [] }, /options\.nodes/],
      [{ nodes: ['http://x'] }, /options\.nodes/],
      [{ nodes: ['ws://127.0.0.1:1'], timeoutMs: 0 }, /options\.timeoutMs/],
      [{ nodes: ['ws://127.0.0.1:1'], pipelineMax: 0 }, /options\.pipelineMax/],
      [{ nodes: ['ws://127.0.0.1:1'], values: 'json' }, /options\.values/],
      [{ nodes: ['ws://127.0.0.1:1'], reconnect: { initialDelayMs: 10, maxDelayMs: 5 } }, /maxDelayMs/],
      [{ nodes: ['ws://127.0.0.1:1'], w: 17 }, /options\.w/],
    ];
    for (const [options, message] of cases) {
      const error = await node.connect(options as never).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(node.ClientAssertionError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
