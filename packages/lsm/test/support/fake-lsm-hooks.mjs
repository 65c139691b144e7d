// Module resolve hook for FAKE_LSM=1: when the adapter (src/level/*) imports the engine barrel
// `../index.js`, hand it test/support/fake-lsm.ts instead, so the adapter runs unchanged over
// the in-memory stand-in. Registered with `module.register()` by test/level-compliance.ts, after
// tsx, so tsx still compiles the fake.
const fake = new URL('./fake-lsm.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '../index.js' && context.parentURL?.includes('/src/level/')) {
    return nextResolve(fake, context);
  }
  return nextResolve(specifier, context);
}
