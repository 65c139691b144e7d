// The browser entry must load in a browser: no `node:*` module, no Node built-in and no `ws`
// anywhere in src/browser.ts's import graph, and the bundle built from it (as tsup.config.ts
// builds dist/browser.js) imports nothing but @kv/protocol (and cbor-x), so a page can load it
// through an import map or esbuild. The repo's ESLint config is shared by every package, so
// this test holds the rule instead of a lint override.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from 'tsup';
import { libraryConfig } from '@kv/tsup-config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const allowedPackages = new Set(['@kv/protocol', 'cbor-x']);

/** Every module specifier a TypeScript or JavaScript file imports or re-exports (static or dynamic). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** The files reachable from `entry` through relative imports, and the packages they import. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) todo.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

function isNodeOnly(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier) || specifier === 'ws' || specifier.startsWith('ws/');
}

describe('the browser entry', () => {
  it('imports no node:* module, Node built-in or ws in its whole source graph', () => {
    const { files, packages } = importGraph(join(root, 'src/browser.ts'));
    expect(files.map((file) => file.slice(root.length + 1))).toContain('src/client.ts');
    expect(files.map((file) => file.slice(root.length + 1))).not.toContain('src/node-socket.ts');
    expect([...packages].filter(isNodeOnly)).toEqual([]);
    expect([...packages].filter((name) => !allowedPackages.has(name))).toEqual([]);
  });

  it('the check catches a Node import (the Node entry has one)', () => {
    const { packages } = importGraph(join(root, 'src/index.ts'));
    expect([...packages].filter(isNodeOnly)).toEqual(['ws']);
  });

  it('bundles, as dist/browser.js is built, into ESM that imports only @kv/protocol', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kv-client-browser-'));
    try {
      await build({ ...libraryConfig({ entry: { browser: join(root, 'src/browser.ts') }, format: ['esm'], dts: false, sourcemap: false, outDir, silent: true }), config: false });
      const bundle = readFileSync(join(outDir, 'browser.js'), 'utf8');
      const imported = new Set(specifiersOf(bundle));
      expect([...imported].filter((name) => !allowedPackages.has(name))).toEqual([]);
      expect(imported.has('@kv/protocol')).toBe(true);
      expect(bundle).not.toMatch(/\brequire\s*\(/);
      expect(bundle).not.toMatch(/['"]node:/);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
