#!/usr/bin/env node
// The `kv` process entry: runs the CLI against the real @kv/client and the real process
// (argv, environment, working directory, stdout/stderr), then exits with the CLI's exit code.
import { readFileSync } from 'node:fs';
import { connect } from '@kv/client';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  readFile: (file) => readFileSync(file, 'utf8'),
  connect,
  out: (text) => process.stdout.write(text),
  outBytes: (bytes) => process.stdout.write(bytes),
  err: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
});
// Exit once stdout has taken everything (a client socket or timer must not keep `kv` alive).
process.stdout.write('', () => process.exit(code));
