#!/usr/bin/env node
// kv-server's process entry: resolve the config from argv, KV_* and the config file, start the
// node and its admin server, and own the process lifecycle — the first SIGINT/SIGTERM closes the
// node gracefully and exits 0, a second exits at once, an unexpected node close exits 1, and a
// bad setting (exit 2) or failed start (exit 1) prints one line instead of a stack trace.
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { resolveArgs, type ServerConfig } from './config.js';
import { errorCode, errorLine, exitCodes } from './error-line.js';
import { createLogger } from './logger.js';
import { startServer, type KvServer } from './server.js';
import { version } from './version.js';

function readConfig(): ServerConfig | undefined {
  try {
    const resolved = resolveArgs(process.argv.slice(2), process.env, (file) => readFileSync(file, 'utf8'), { cwd: process.cwd(), version });
    if (resolved.kind === 'print') {
      process.stdout.write(resolved.text);
      return undefined;
    }
    return resolved.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kv-server: ${errorLine(error)} (see kv-server --help)\n`);
    process.exit(exitCodes.usage);
  }
}

function handleSignals(server: KvServer): { readonly stopping: () => boolean } {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(exitCodes.failed);
    }
    stopping = true;
    server.logger.info({ signal }, `${signal}: shutting down`);
    server.close().then(
      () => process.exit(exitCodes.ok),
      (error: unknown) => {
        server.logger.error({ code: errorCode(error), err: error }, 'shutdown failed');
        process.exit(exitCodes.failed);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stopping: () => stopping };
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config === undefined) return;
  const logger = createLogger(config.logLevel);
  let server: KvServer;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    logger.error({ code: errorCode(error), err: error }, 'kv-server failed to start');
    process.stderr.write(`kv-server: ${errorLine(error)}\n`);
    // The node refuses an option it cannot use with BAD_REQUEST: a configuration problem too.
    process.exit(errorCode(error) === 'BAD_REQUEST' ? exitCodes.usage : exitCodes.failed);
  }
  const signals = handleSignals(server);
  const onNodeClosed = async (error?: unknown): Promise<void> => {
    if (signals.stopping()) return;
    logger.error({ node: server.node.id, ...(error === undefined ? {} : { err: error }) }, 'the node closed unexpectedly; exiting');
    await server.close().catch(() => undefined);
    process.exit(exitCodes.failed);
  };
  server.node.closed.then(() => onNodeClosed(), onNodeClosed);
}

main().catch((error: unknown) => {
  process.stderr.write(`kv-server: ${errorLine(error)}\n`);
  process.exit(exitCodes.failed);
});
