// The sans-IO rule set (DESIGN.md §3, CONVENTIONS.md §1–2): code in the pure and sans-IO
// packages takes time, randomness, timers and IO from injected seams, never from globals.
// These bans make a slip a lint error instead of a flaky simulator seed.
import { builtinModules } from 'node:module';

const why = 'sans-IO: take it from an injected seam (Clock, Random, Transport, FileSystem), see DESIGN.md §3';

const bannedProperties = [
  ['Date', 'now'],
  ['Math', 'random'],
  ['performance', 'now'],
  ['process', 'hrtime'],
  ['crypto', 'getRandomValues'],
  ['crypto', 'randomUUID'],
  ['globalThis', 'setTimeout'],
  ['globalThis', 'setInterval'],
  ['globalThis', 'setImmediate'],
  ['globalThis', 'performance'],
  ['globalThis', 'process'],
].map(([object, property]) => ({ object, property, message: `${object}.${property} is banned here. ${why}` }));

const bannedGlobals = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'performance',
  'process',
  'Buffer',
  'require',
  'fetch',
  'WebSocket',
  'XMLHttpRequest',
].map((name) => ({ name, message: `${name} is banned here. ${why}` }));

const builtins = builtinModules.filter((name) => !name.startsWith('_'));

export const sansIoRules = rulesBanning(bannedGlobals);

/**
 * The storage engine (@kv/lsm) takes files, time and timers from injected seams (FileSystem,
 * Scheduler) so the simulator can run it too, but it works on bytes with Node's Buffer: the same
 * bans minus Buffer. Its real IO lives in packages/lsm/src/runtime/.
 */
export const storageRules = rulesBanning(bannedGlobals.filter((g) => g.name !== 'Buffer'));

function rulesBanning(globals) {
  return {
  'no-restricted-properties': ['error', ...bannedProperties],
  'no-restricted-globals': ['error', ...globals],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() reads the clock. ${why}` },
    { selector: "CallExpression[callee.name='Date']", message: `Date() reads the clock. ${why}` },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [{ group: ['node:*'], message: `node:* modules are banned here. ${why}` }],
      paths: builtins.map((name) => ({ name, message: `Node built-in '${name}' is banned here. ${why}` })),
    },
  ],
};
}
