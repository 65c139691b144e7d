#!/usr/bin/env node
// `pnpm check:deps`: fails on any `@kv/*` edge DESIGN.md §2 does not allow, and on cycles.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { checkDependencies } from './src/dependency-graph.mjs';
import { allowedEdges, devToolingPackages } from './src/dependency-rules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { violations, edges } = checkDependencies(root, { allowedEdges, devToolingPackages });
const distinct = new Set(edges.map((e) => `${e.from} → ${e.to}`));
if (violations.length > 0) {
  console.error(`check:deps: ${violations.length} violation(s) of the dependency rule (DESIGN.md §2):`);
  for (const v of violations) console.error(`  ✗ ${v}`);
  process.exit(1);
}
console.log(`check:deps: ${distinct.size} @kv edge(s), all allowed by DESIGN.md §2, no cycles`);
for (const edge of [...distinct].sort()) console.log(`  ${edge}`);
