// ConfigError: a flag, environment variable or config-file entry kv-server cannot use. It is an
// operating error of the process, not of the wire protocol, so it has its own code
// (`BAD_CONFIG`) rather than one of @kv/protocol's wire codes. The message is one line that
// names where the bad value came from (`--port`, `KV_PORT`, `config file kv.json: port`), so the
// process entry prints it as is and exits 2.

export type ConfigErrorCode = 'BAD_CONFIG';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** What the caller should do: fix the named flag, variable or key and start again. */
  readonly code: ConfigErrorCode = 'BAD_CONFIG';
  readonly retryable = false;

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
