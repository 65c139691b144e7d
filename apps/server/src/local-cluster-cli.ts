#!/usr/bin/env node
// kv-local-cluster's process entry (`pnpm start` at the repo root): start N kv-server processes
// on 127.0.0.1, print where clients and operators reach them, and on Ctrl-C (SIGINT) or SIGTERM
// stop every node before exiting 0. Node crashes are reported on stderr as they happen.
import { Command, CommanderError } from 'commander';
import path from 'node:path';
import { positiveIntKind, portKind } from './config-values.js';
import { ConfigError } from './config-error.js';
import { errorLine, exitCodes } from './error-line.js';
import { LocalClusterError, localClusterDefaults, startLocalCluster, type LocalCluster, type LocalClusterOptions } from './local-cluster.js';
import type { NodeExit } from './node-process.js';
import { version } from './version.js';

interface LauncherFlags {
  readonly nodes?: string;
  readonly baseDir?: string;
  readonly basePort?: string;
  readonly adminBasePort?: string;
  readonly timeoutMs?: string;
}

function parseArgs(argv: readonly string[]): LocalClusterOptions | undefined {
  let printed = '';
  const command = new Command('kv-local-cluster')
    .description('Start a local kv cluster of kv-server processes on 127.0.0.1 (Ctrl-C stops it).')
    .version(version, '-v, --version')
    .option('--nodes <n>', `number of nodes (default ${localClusterDefaults.nodes})`)
    .option('--base-dir <dir>', `data dirs, logs and cluster.json (default ./${localClusterDefaults.baseDir})`)
    .option('--base-port <port>', `client port of n1; n<i> gets base+i-1 (default ${localClusterDefaults.basePort})`)
    .option('--admin-base-port <port>', `admin port of n1 (default ${localClusterDefaults.adminBasePort})`)
    .option('--timeout-ms <ms>', `how long to wait for all members up (default ${localClusterDefaults.startTimeoutMs})`)
    .argument('[node-flags...]', 'extra kv-server flags for every node, after --')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (printed += text), writeErr: (text) => (printed += text), outputError: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      process.stdout.write(printed);
      return undefined;
    }
    throw new ConfigError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '));
  }
  const flags = command.opts<LauncherFlags>();
  return {
    ...(flags.nodes === undefined ? {} : { nodes: positiveIntKind.fromText(flags.nodes, '--nodes') }),
    ...(flags.baseDir === undefined ? {} : { baseDir: flags.baseDir }),
    ...(flags.basePort === undefined ? {} : { basePort: portKind.fromText(flags.basePort, '--base-port') }),
    ...(flags.adminBasePort === undefined ? {} : { adminBasePort: portKind.fromText(flags.adminBasePort, '--admin-base-port') }),
    ...(flags.timeoutMs === undefined ? {} : { startTimeoutMs: positiveIntKind.fromText(flags.timeoutMs, '--timeout-ms') }),
    nodeArgs: command.args,
  };
}

function printBanner(cluster: LocalCluster): void {
  const nodes = cluster.nodes();
  const shown = path.relative(process.cwd(), cluster.baseDir) || '.';
  const lines = [
    `kv cluster up: ${cluster.urls.join(', ')}`,
    `admin: ${nodes.map((node) => `${node.adminUrl}/health`).join(', ')} (and /metrics)`,
    `data and logs: ${shown}/ (cluster.json, ${nodes.map((node) => `${node.id}.log`).join(', ')})`,
    'try: pnpm kv put hello world',
    '     pnpm kv get hello',
    '     pnpm kv status',
    'Ctrl-C stops the cluster.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function stopOnSignals(cluster: LocalCluster): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`kv-local-cluster: ${signal} again; killing the nodes\n`);
      for (const node of cluster.nodes()) if (node.pid !== undefined && node.running) process.kill(node.pid, 'SIGKILL');
      process.exit(exitCodes.failed);
    }
    stopping = true;
    process.stdout.write(`kv-local-cluster: ${signal}, stopping ${cluster.urls.length} nodes…\n`);
    cluster.stop().then(
      () => {
        process.stdout.write('kv-local-cluster: stopped\n');
        process.exit(exitCodes.ok);
      },
      (error: unknown) => {
        process.stderr.write(`kv-local-cluster: ${errorLine(error)}\n`);
        process.exit(exitCodes.failed);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  let options: LocalClusterOptions | undefined;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kv-local-cluster: ${errorLine(error)} (see kv-local-cluster --help)\n`);
    process.exit(exitCodes.usage);
  }
  if (options === undefined) return;
  const count = options.nodes ?? localClusterDefaults.nodes;
  process.stdout.write(`kv-local-cluster: starting ${count} nodes…\n`);
  const started: { cluster?: LocalCluster } = {};
  const onUnexpectedExit = (exit: NodeExit): void => {
    const how = exit.signal === null ? `with code ${exit.code ?? '?'}` : `on ${exit.signal}`;
    process.stderr.write(`kv-local-cluster: ${exit.id} exited ${how}; see ${exit.logFile}\n`);
    if (started.cluster !== undefined && started.cluster.nodes().every((node) => !node.running)) {
      process.stderr.write('kv-local-cluster: every node has exited\n');
      process.exit(exitCodes.failed);
    }
  };
  const cluster = await startLocalCluster({ ...options, onUnexpectedExit });
  started.cluster = cluster;
  printBanner(cluster);
  stopOnSignals(cluster);
}

main().catch((error: unknown) => {
  process.stderr.write(`kv-local-cluster: ${errorLine(error)}\n`);
  process.exit(error instanceof LocalClusterError && error.code === 'BAD_OPTIONS' ? exitCodes.usage : exitCodes.failed);
});
