// The CLI's option values: consistency levels, timeouts, node URLs — and where `kv` finds a
// cluster when no --url is given (KV_URL, then the local cluster's cluster.json, then 7070).
import { describe, expect, it } from 'vitest';
import { parseLevel, parseTimeoutMs, parseUrls } from '../src/cli-arguments.js';
import { locateCluster } from '../src/cluster-locator.js';
import { UsageError } from '../src/usage-error.js';

describe('parseLevel', () => {
  it.each([
    ['1', 1],
    ['16', 16],
    ['one', 'one'],
    ['QUORUM', 'quorum'],
    ['all', 'all'],
    ['local_quorum', 'local_quorum'],
  ] as const)('%s → %s', (text, level) => {
    expect(parseLevel(text, '--r')).toBe(level);
  });

  it.each(['0', '17', '1.5', 'most', ''])('refuses %j naming the flag', (text) => {
    expect(() => parseLevel(text, '--w')).toThrow(UsageError);
    expect(() => parseLevel(text, '--w')).toThrow(/^--w must be a replica count 1\.\.16/);
  });
});

describe('parseTimeoutMs', () => {
  it('takes 1..60000', () => {
    expect(parseTimeoutMs('1')).toBe(1);
    expect(parseTimeoutMs('60000')).toBe(60_000);
    for (const bad of ['0', '60001', '2s', '-5']) expect(() => parseTimeoutMs(bad)).toThrow(/^--timeout-ms must be an integer in 1\.\.60000/);
  });
});

describe('parseUrls', () => {
  it('splits comma lists, trims, normalises a bare trailing slash', () => {
    expect(parseUrls(['ws://a:1, ws://b:2/', 'wss://c:3'], '--url')).toEqual(['ws://a:1', 'ws://b:2', 'wss://c:3']);
  });

  it('refuses non-URLs and non-WebSocket URLs, hinting at the admin port', () => {
    expect(() => parseUrls(['localhost:7070'], '--url')).toThrow(/is not a ws:\/\/ or wss:\/\/ URL/);
    expect(() => parseUrls(['nope'], 'KV_URL')).toThrow(/^KV_URL: "nope" is not a URL/);
    expect(() => parseUrls(['http://127.0.0.1:8071'], '--url')).toThrow(/looks like an admin URL/);
  });
});

describe('locateCluster', () => {
  const clusterJson = JSON.stringify({ nodes: [{ id: 'n1', url: 'ws://127.0.0.1:7071' }, { id: 'n2', url: 'ws://127.0.0.1:7072' }], startedAt: 'x' });
  const withFile = (file: string | undefined) => (path: string) => {
    if (path === '/work/.kv-data/local-cluster/cluster.json' && file !== undefined) return file;
    throw new Error('ENOENT');
  };

  it('--url first, then KV_URL, then cluster.json, then the single-node default', () => {
    const readFile = withFile(clusterJson);
    expect(locateCluster({ urlFlags: ['ws://x:1'], env: { KV_URL: 'ws://y:1' }, cwd: '/work', readFile })).toEqual({ urls: ['ws://x:1'], source: '--url' });
    expect(locateCluster({ urlFlags: undefined, env: { KV_URL: 'ws://y:1,ws://y:2' }, cwd: '/work', readFile })).toEqual({ urls: ['ws://y:1', 'ws://y:2'], source: 'KV_URL' });
    expect(locateCluster({ urlFlags: undefined, env: {}, cwd: '/work', readFile })).toEqual({
      urls: ['ws://127.0.0.1:7071', 'ws://127.0.0.1:7072'],
      source: '.kv-data/local-cluster/cluster.json',
    });
    expect(locateCluster({ urlFlags: undefined, env: { KV_URL: ' ' }, cwd: '/work', readFile: withFile(undefined) })).toEqual({ urls: ['ws://127.0.0.1:7070'], source: 'default' });
  });

  it('skips an unreadable cluster.json with a warning', () => {
    const located = locateCluster({ urlFlags: undefined, env: {}, cwd: '/work', readFile: withFile('{ not json') });
    expect(located.urls).toEqual(['ws://127.0.0.1:7070']);
    expect(located.warning).toMatch(/^ignoring \/work\/\.kv-data\/local-cluster\/cluster\.json: /);
  });
});
