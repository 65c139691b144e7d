// The dependency-rule check (DESIGN.md §2) must pass on this repository and fail on a planted bad edge,
// whether the edge is declared in package.json or only written as an import, and on a cycle.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { checkDependencies, findCycles } from '../src/dependency-graph.mjs';
import { allowedEdges, devToolingPackages } from '../src/dependency-rules.mjs';

const rules = { allowedEdges, devToolingPackages };
const repoRoot = resolve(__dirname, '../../..');
const temps: string[] = [];

function workspace(packages: Record<string, { deps?: Record<string, string>; devDeps?: Record<string, string>; src?: string }>): string {
  const root = mkdtempSync(join(tmpdir(), 'kv-deps-'));
  temps.push(root);
  for (const [name, spec] of Object.entries(packages)) {
    const dir = join(root, 'packages', name.replace('@kv/', ''));
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, dependencies: spec.deps ?? {}, devDependencies: spec.devDeps ?? {} }),
    );
    writeFileSync(join(dir, 'src', 'index.ts'), spec.src ?? 'export {};\n');
  }
  return root;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('dependency rule check', () => {
  test('this repository follows the rule', () => {
    const { violations } = checkDependencies(repoRoot, rules);
    expect(violations).toEqual([]);
  });

  test('allowed edges pass: quorum → ring, protocol → vclock', () => {
    const root = workspace({
      '@kv/ring': {},
      '@kv/vclock': {},
      '@kv/quorum': { deps: { '@kv/ring': 'workspace:*' }, src: "import { createRing } from '@kv/ring';\n" },
      '@kv/protocol': { deps: { '@kv/vclock': 'workspace:*' } },
    });
    expect(checkDependencies(root, rules).violations).toEqual([]);
  });

  test('a planted bad edge in package.json fails: ring → quorum', () => {
    const root = workspace({ '@kv/ring': { deps: { '@kv/quorum': 'workspace:*' } }, '@kv/quorum': {} });
    const { violations } = checkDependencies(root, rules);
    expect(violations).toEqual([
      '@kv/ring → @kv/quorum is not allowed by DESIGN.md §2 (package.json dependencies)',
    ]);
  });

  test('a planted bad edge written only as an import fails: vclock imports ring', () => {
    const root = workspace({
      '@kv/vclock': { src: "import { hashKey } from '@kv/ring';\nexport const h = hashKey;\n" },
      '@kv/ring': {},
    });
    const { violations } = checkDependencies(root, rules);
    expect(violations).toEqual(['@kv/vclock → @kv/ring is not allowed by DESIGN.md §2 (packages/vclock/src/index.ts)']);
  });

  test('the browser client may not reach the node', () => {
    const root = workspace({ '@kv/client': { src: "const n = await import('@kv/node/runtime');\n" }, '@kv/node': {} });
    expect(checkDependencies(root, rules).violations).toEqual([
      '@kv/client → @kv/node is not allowed by DESIGN.md §2 (packages/client/src/index.ts)',
    ]);
  });

  test('dev tooling is allowed as a devDependency only', () => {
    const ok = workspace({ '@kv/ring': { devDeps: { '@kv/vitest-config': 'workspace:*' } } });
    expect(checkDependencies(ok, rules).violations).toEqual([]);
    const bad = workspace({ '@kv/ring': { deps: { '@kv/bench-kit': 'workspace:*' } } });
    expect(checkDependencies(bad, rules).violations).toEqual([
      '@kv/ring → @kv/bench-kit: dev tooling may only be a devDependency (package.json dependencies)',
    ]);
  });

  test('an unknown package must be added to the rules', () => {
    const root = workspace({ '@kv/mystery': {} });
    expect(checkDependencies(root, rules).violations).toEqual([
      '@kv/mystery (packages/mystery) is not in the dependency rules: add it to tooling/scripts/src/dependency-rules.mjs',
    ]);
  });

  test('cycles are found', () => {
    const edges = [
      { from: '@kv/a', to: '@kv/b', where: '' },
      { from: '@kv/b', to: '@kv/c', where: '' },
      { from: '@kv/c', to: '@kv/a', where: '' },
      { from: '@kv/c', to: '@kv/d', where: '' },
    ];
    expect(findCycles(edges)).toEqual([['@kv/a', '@kv/b', '@kv/c', '@kv/a']]);
    expect(findCycles(edges.slice(0, 2))).toEqual([]);
  });

  test('a planted cycle between allowed-looking packages fails the check', () => {
    const root = workspace({
      '@kv/node': { deps: { '@kv/quorum': 'workspace:*' } },
      '@kv/quorum': { src: "import '@kv/node';\n" },
    });
    const { violations } = checkDependencies(root, rules);
    expect(violations).toContain('@kv/quorum → @kv/node is not allowed by DESIGN.md §2 (packages/quorum/src/index.ts)');
    expect(violations).toContain('dependency cycle: @kv/node → @kv/quorum → @kv/node');
  });
});
