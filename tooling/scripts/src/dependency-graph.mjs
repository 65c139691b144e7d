// The workspace's `@kv/*` dependency graph, read from each package's package.json and from the
// import specifiers in its source, tests and benchmarks, and checked against dependency-rules.mjs.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const workspaceGlobs = ['packages', 'apps', 'tooling'];
const sourceDirs = ['src', 'test', 'bench', 'scripts'];
const sourceFile = /\.(?:[cm]?[jt]sx?)$/;
const kvPackageOf = /^(@kv\/[a-z0-9-]+)(?:\/.*)?$/;
const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** @returns {{ name: string, dir: string, manifest: any }[]} */
export function listWorkspacePackages(root) {
  const found = [];
  for (const group of workspaceGlobs) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir).sort()) {
      const manifestPath = join(groupDir, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      found.push({ name: manifest.name, dir: join(groupDir, entry), manifest });
    }
  }
  return found;
}

function* walkSourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'fixtures') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walkSourceFiles(path);
    else if (sourceFile.test(entry)) yield path;
  }
}

/**
 * The `@kv/*` packages a source file imports: static and dynamic `import`, `export … from` and
 * `require`, read by TypeScript's own pre-processor (so strings and comments that merely mention
 * a package do not count).
 */
function kvImportsOf(text) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const packages = new Set();
  for (const { fileName } of importedFiles) {
    const match = kvPackageOf.exec(fileName);
    if (match) packages.add(match[1]);
  }
  return packages;
}

/** Every `@kv/*` edge of one package: `{ from, to, where }`. */
export function edgesOf(root, pkg) {
  const edges = [];
  for (const field of dependencyFields) {
    for (const to of Object.keys(pkg.manifest[field] ?? {})) {
      if (to.startsWith('@kv/')) edges.push({ from: pkg.name, to, where: `package.json ${field}` });
    }
  }
  const roots = [...sourceDirs.map((dir) => join(pkg.dir, dir)), pkg.dir];
  for (const dir of roots) {
    if (!existsSync(dir)) continue;
    const files = dir === pkg.dir ? readdirSync(dir).filter((f) => sourceFile.test(f)).map((f) => join(dir, f)) : [...walkSourceFiles(dir)];
    for (const file of files) {
      for (const to of kvImportsOf(readFileSync(file, 'utf8'))) {
        if (to !== pkg.name) edges.push({ from: pkg.name, to, where: relative(root, file) });
      }
    }
  }
  return edges;
}

/** Finds dependency cycles among runtime edges (dev tooling targets excluded). */
export function findCycles(edges) {
  const next = new Map();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from).add(to);
  }
  const cycles = [];
  const state = new Map(); // 1 = on stack, 2 = done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const to of [...(next.get(node) ?? [])].sort()) {
      if (state.get(to) === 1) cycles.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...next.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * Checks the workspace at `root` against `rules` ({ allowedEdges, devToolingPackages }).
 * @returns {{ violations: string[], edges: { from: string, to: string, where: string }[] }}
 */
export function checkDependencies(root, rules) {
  const packages = listWorkspacePackages(root);
  const violations = [];
  const edges = [];
  for (const pkg of packages) {
    if (!(pkg.name in rules.allowedEdges)) {
      violations.push(`${pkg.name} (${relative(root, pkg.dir)}) is not in the dependency rules: add it to tooling/scripts/src/dependency-rules.mjs`);
      continue;
    }
    const allowed = new Set(rules.allowedEdges[pkg.name]);
    for (const edge of edgesOf(root, pkg)) {
      if (rules.devToolingPackages.includes(edge.to)) {
        if (edge.where.startsWith('package.json dependencies')) {
          violations.push(`${edge.from} → ${edge.to}: dev tooling may only be a devDependency (${edge.where})`);
        }
        continue;
      }
      edges.push(edge);
      if (!allowed.has(edge.to)) violations.push(`${edge.from} → ${edge.to} is not allowed by DESIGN.md §2 (${edge.where})`);
    }
  }
  for (const cycle of findCycles(edges)) violations.push(`dependency cycle: ${cycle.join(' → ')}`);
  return { violations, edges };
}
