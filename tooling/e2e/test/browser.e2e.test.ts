// Issue 6 must-show 4: @kv/client's browser entry in a real headless Chromium (Debian's
// `chromium`, driven by playwright-core), doing put / get / delete against a running node.
// The page loads the SDK the way an app's bundler would: esbuild resolves `@kv/client` with
// the `browser` condition, so the bundle is built from dist/browser.js — and a test checks it
// carries no Node built-in and no `ws`.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type * as ClientSdk from '@kv/client';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './support/local-cluster.js';
import { startTestCluster } from './support/local-cluster.js';

type Sdk = typeof ClientSdk;

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let test: TestCluster;
let browser: Browser;
let bundle: string;
let pageServer: ReturnType<typeof createServer>;
let pageUrl: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  const bundled = await build({
    stdin: { contents: "import * as kv from '@kv/client'; globalThis.kv = kv;", resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = bundled.outputFiles[0]!.text;
  pageServer = createServer((req, res) => {
    if (req.url === '/sdk.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>kv</title><script type="module" src="/sdk.js"></script>');
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
  test = await startTestCluster(1);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

describe('@kv/client in headless Chromium', () => {
  it('bundles for the browser without Node built-ins or ws', () => {
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:|require\(["']ws["']\)|from\s*["']ws["']/);
    expect(bundle).toContain('WebSocket');
  });

  it('puts, gets and deletes against a running node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'kv' in globalThis);
    const result = await page.evaluate(async (url) => {
      const kv = (globalThis as unknown as { kv: Sdk }).kv;
      const client = await kv.connect({ nodes: [url] });
      const put = await client.put('browser:greeting', { text: 'hello from Chromium', n: 42 });
      const read = await client.get<{ text: string; n: number }>('browser:greeting');
      const raw = await client.put('browser:bytes', new Uint8Array([1, 2, 3]), { raw: true });
      const rawRead = await client.get('browser:bytes', { raw: true });
      await client.delete('browser:greeting', { context: read.context });
      const after = await client.get('browser:greeting');
      await client.close();
      return {
        userAgent: navigator.userAgent,
        hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        putAcks: put.receipt.acks.length,
        readKind: read.kind,
        value: read.kind === 'value' ? read.value : null,
        rawAcks: raw.receipt.acks.length,
        rawBytes: rawRead.kind === 'value' ? Array.from(rawRead.value) : null,
        afterKind: after.kind,
      };
    }, test.cluster.urls[0]!);
    expect(errors).toEqual([]);
    expect(result.userAgent).toMatch(/HeadlessChrome|Chrome/);
    expect(result.hasProcess).toBe(false);
    expect(result).toMatchObject({ putAcks: 1, readKind: 'value', value: { text: 'hello from Chromium', n: 42 }, rawAcks: 1, rawBytes: [1, 2, 3], afterKind: 'missing' });
    await page.close();
  });
});
