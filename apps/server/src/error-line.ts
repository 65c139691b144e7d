// Error line: how kv-server and kv-local-cluster report a failure to a person — one line,
// `error CODE: message`, never a stack trace. The code is the error's stable `code` (a KvError
// code, BAD_CONFIG, or an errno code such as EADDRINUSE), else INTERNAL.

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'INTERNAL';
}

export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `error ${errorCode(error)}: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

/** Process exit codes of kv-server and kv-local-cluster (the README's table). */
export const exitCodes = {
  /** Clean shutdown after SIGINT/SIGTERM. */
  ok: 0,
  /** Startup failed (port in use, data dir locked…), the node closed unexpectedly, or a forced exit on a second signal. */
  failed: 1,
  /** Bad flags, environment or config file. */
  usage: 2,
} as const;
