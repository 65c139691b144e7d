// @kv/cli: the `kv` command line as a library — run it with injected IO (tests, tools), or reuse
// its formatting of statuses, rings, values and receipts.
export { collect, parseLevel, parseTimeoutMs, parseUrls } from './cli-arguments.js';
export { clusterFilePath, defaultUrl, locateCluster } from './cluster-locator.js';
export type { LocateInput, LocatedCluster } from './cluster-locator.js';
export { deleteCommand, getCommand, putCommand, putValue, ringCommand, showSibling, statusCommand } from './commands.js';
export type { CliClient, CliOutput, CommandContext, DeleteFlags, GetFlags, PutFlags } from './commands.js';
export {
  formatDuration,
  formatError,
  formatGet,
  formatLevel,
  formatReadReceipt,
  formatRing,
  formatSiblingsNote,
  formatStatus,
  formatValue,
  formatWriteReceipt,
  shownToJson,
  toJson,
} from './format.js';
export type { ShownValue } from './format.js';
export { connectOptions, exitCodes, runCli } from './program.js';
export type { CliIo } from './program.js';
export { UsageError } from './usage-error.js';
