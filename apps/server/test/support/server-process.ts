// A kv-server child process for tests: runs src/cli.ts through tsx (no build needed), collects
// its JSON log lines, and waits for a line or for the exit — every wait bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const serverSource = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
export const tsxExecArgv = ['--import', 'tsx'];

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  stderr(): string;
  /** Resolves with the first JSON log line matching, or rejects after timeoutMs. */
  waitForLog(match: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnServer(args: readonly string[], env: NodeJS.ProcessEnv = {}): ServerProcess {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KV_')));
  const child = spawn(process.execPath, [...tsxExecArgv, serverSource, ...args], { env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter((line) => line.trim() !== ''));
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const parsed = (): Record<string, unknown>[] =>
    stdout.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitForLog = (match: (entry: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = parsed().find(match);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms; stdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`));
      }, timeoutMs);
      const onExit = (): void => {
        cleanup();
        reject(new Error(`kv-server exited before the log line; stderr: ${stderr}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', onExit);
      };
      waiters.add(check);
      child.once('exit', onExit);
      check();
    });
  return { child, stdout, stderr: () => stderr, waitForLog, exited };
}

/** Kills the child if it still runs (afterAll). */
export async function killServer(server: ServerProcess | undefined): Promise<void> {
  if (server === undefined || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
