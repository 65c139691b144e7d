// UsageError: the command line itself is wrong — an unknown command or flag, a missing argument,
// a bad level or URL. It is not an operating error of the cluster (those are KvErrors from
// @kv/client), so it has its own code, USAGE, and makes `kv` exit 2 instead of 1.

export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Fix the command line (see `kv --help`); retrying the same one fails the same way. */
  readonly code = 'USAGE';
}
