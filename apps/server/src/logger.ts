// Logger: kv-server's structured logs — one JSON object per line on stdout (pino), with an ISO
// timestamp and the level as a word. The same logger goes to the node as NodeOptions.logger, so
// the node's own events and the process's lifecycle lines share one stream. Writes are
// synchronous: a process that exits right after logging (a failed start, a signal) loses nothing.
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './config-values.js';

export type ServerLogger = PinoLogger;

/** A JSON logger at `level` writing to `destination` (default: stdout, synchronously). */
export function createLogger(level: LogLevel, destination?: DestinationStream): ServerLogger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
