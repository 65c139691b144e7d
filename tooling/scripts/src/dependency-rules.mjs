// The dependency rule of DESIGN.md §2, as data. Every workspace package must appear here;
// an `@kv/*` edge (in package.json or in an import) not listed for its package fails CI.
//
// Tightening over DESIGN.md: gossip and quorum may import the pure primitives (ring, vclock,
// merkle) but not lsm — they are sans-IO and reach storage only through an injected
// interface (issue 5: "apply a write to local storage through an injected interface").

const primitives = ['@kv/ring', '@kv/vclock', '@kv/merkle'];
const published = [...primitives, '@kv/lsm', '@kv/gossip', '@kv/quorum', '@kv/protocol', '@kv/node', '@kv/client'];

/** Private build/test tooling that carries no runtime code: any package may use it as a devDependency. */
export const devToolingPackages = [
  '@kv/tsconfig',
  '@kv/tsup-config',
  '@kv/vitest-config',
  '@kv/eslint-config',
  '@kv/bench-kit',
  '@kv/test-kit',
];

/** package name → the `@kv/*` packages it may depend on (besides dev tooling). */
export const allowedEdges = {
  '@kv/ring': [],
  '@kv/vclock': [],
  '@kv/merkle': [],
  '@kv/lsm': [],
  '@kv/gossip': primitives,
  '@kv/quorum': primitives,
  '@kv/protocol': ['@kv/vclock'],
  '@kv/node': published.filter((name) => name !== '@kv/node' && name !== '@kv/client'),
  '@kv/client': ['@kv/protocol', '@kv/vclock'],
  // apps: any published package, never another app
  '@kv/server': published,
  '@kv/cli': [...published],
  '@kv/dashboard': ['@kv/client', '@kv/protocol', '@kv/vclock', '@kv/ring'],
  // tooling
  '@kv/sim': [...primitives, '@kv/gossip', '@kv/quorum', '@kv/protocol', '@kv/lsm'],
  '@kv/chaos': [...published, '@kv/server'],
  '@kv/bench': [...published, '@kv/server'],
  '@kv/e2e': [...published, '@kv/server', '@kv/cli'],
  '@kv/demo': primitives,
  '@kv/scripts': [],
  '@kv/tsconfig': [],
  '@kv/tsup-config': [],
  '@kv/vitest-config': [],
  '@kv/eslint-config': [],
  '@kv/bench-kit': [],
  '@kv/test-kit': [],
};
