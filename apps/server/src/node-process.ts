// Node process: one kv-server child of the local cluster launcher. It spawns `node dist/cli.js`
// with the node's flags, appends the child's stdout and stderr to its log file, tracks its exit,
// and stops it politely (SIGTERM, then SIGKILL after a bound). An exit nobody asked for is
// reported through `onUnexpectedExit`, so a crashed node never goes unnoticed.
//
// Each child runs in its own process group (detached): Ctrl-C in a terminal signals the whole
// foreground group, and a node that got SIGINT from the terminal and then SIGTERM from the
// launcher would take the second signal as "exit now" and skip its graceful close. The launcher
// alone receives Ctrl-C and stops each node once; `killNow` covers a launcher that exits early.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface NodeExit {
  readonly id: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** true when the launcher asked for it (stop, kill, restart). */
  readonly expected: boolean;
  readonly logFile: string;
}

export interface NodeProcessSpec {
  readonly id: string;
  /** The kv-server entry script (dist/cli.js). */
  readonly entry: string;
  /** Node.js flags before the entry script. */
  readonly execArgv: readonly string[];
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly cwd: string;
  readonly onUnexpectedExit: (exit: NodeExit) => void;
}

/** Grace period between SIGTERM and SIGKILL when stopping a node. */
export const stopGraceMs = 10_000;

export class NodeProcess {
  private child: ChildProcess | undefined;
  private exitPromise: Promise<NodeExit> = Promise.resolve({ id: '', code: 0, signal: null, expected: true, logFile: '' });
  private expectingExit = false;

  constructor(readonly spec: NodeProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the current child has exited (at once when none runs). */
  get exited(): Promise<NodeExit> {
    return this.exitPromise;
  }

  start(): void {
    if (this.running) throw new Error(`${this.spec.id} is already running`);
    const log = openSync(this.spec.logFile, 'a');
    try {
      writeSync(log, `--- kv-local-cluster: starting ${this.spec.id} at ${new Date().toISOString()} ---\n`);
      const child = spawn(process.execPath, [...this.spec.execArgv, this.spec.entry, ...this.spec.args], {
        cwd: this.spec.cwd,
        env: this.spec.env,
        stdio: ['ignore', log, log],
        detached: true,
      });
      this.child = child;
      this.expectingExit = false;
      this.exitPromise = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve(this.onExit(code, signal)));
        child.once('error', () => resolve(this.onExit(null, null)));
      });
    } finally {
      closeSync(log);
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): NodeExit {
    const exit = { id: this.spec.id, code, signal, expected: this.expectingExit, logFile: this.spec.logFile };
    if (!exit.expected) this.spec.onUnexpectedExit(exit);
    return exit;
  }

  /** Sends a signal the launcher asked for (the exit is then expected) and waits for the exit. */
  async kill(signal: NodeJS.Signals): Promise<NodeExit> {
    if (!this.running) return this.exitPromise;
    this.expectingExit = true;
    this.child?.kill(signal);
    return this.exitPromise;
  }

  /** SIGKILL without waiting (synchronous, for a launcher on its way out). */
  killNow(): void {
    if (!this.running) return;
    this.expectingExit = true;
    this.child?.kill('SIGKILL');
  }

  /** SIGTERM, then SIGKILL if the node has not exited after `graceMs`. */
  async stop(graceMs = stopGraceMs): Promise<NodeExit> {
    if (!this.running) return this.exitPromise;
    this.expectingExit = true;
    this.child?.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const overdue = new Promise<'overdue'>((resolve) => (timer = setTimeout(() => resolve('overdue'), graceMs)));
    const first = await Promise.race([this.exitPromise, overdue]);
    clearTimeout(timer);
    if (first !== 'overdue') return first;
    this.child?.kill('SIGKILL');
    return this.exitPromise;
  }
}
