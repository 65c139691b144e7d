// The browser entry end to end over a WHATWG WebSocket (the API browsers have), not `ws`: a
// child Node process with the WebSocket global (--experimental-websocket on Node 20) runs
// test/support/browser-run.ts against the fake node. Headless-browser tests against a real
// cluster live in tooling/e2e.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeServer } from './support/fake-server.js';

const script = fileURLToPath(new URL('./support/browser-run.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
});

function runBrowserEntry(url: string): Promise<string> {
  const flags = typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...flags, '--no-warnings', '--import', 'tsx', script, url], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('the browser entry over a WHATWG WebSocket', () => {
  it('handshakes, writes, reads, pipelines and coalesces', async () => {
    server = await FakeServer.start();
    const out = JSON.parse(await runBrowserEntry(server.url)) as Record<string, unknown>;
    expect(out).toMatchObject({ value: { text: 'hello from the browser entry' }, missing: 50, rawIsBytes: true });
    expect(server.frames[0]).toEqual([{ t: 'hello', versionMin: 1, versionMax: 1, agent: '@kv/client/0.0.0 browser' }]);
    const gets = server.frames.filter((frame) => frame.length === 50);
    expect(gets).toHaveLength(1); // the 50 gets of one turn went out as one frame
  });
});
