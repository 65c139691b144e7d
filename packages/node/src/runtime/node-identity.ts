// Node identity: the node's id and generation, kept in `<dataDir>/NODE` (JSON, written to a
// temporary file, fsynced, renamed over, directory fsynced). Every start takes generation + 1
// and makes it durable before the node serves, so actor ids (`id#generation`) are never reused
// (DESIGN.md §4, Riak's kv679). A data dir holds one node: starting it under another id is
// refused. An empty data dir gets a fresh id unless one is given.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KvError } from '@kv/protocol';

export interface NodeIdentity {
  readonly nodeId: string;
  readonly generation: number;
  readonly cluster: string;
}

const fileName = 'NODE';
const idPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export function validNodeId(id: string): boolean {
  return idPattern.test(id);
}

function read(dataDir: string): NodeIdentity | undefined {
  const path = join(dataDir, fileName);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KvError('CORRUPTION', `${path} is not valid JSON`, { cause: error });
  }
  const r = parsed as Partial<NodeIdentity>;
  if (typeof r.nodeId !== 'string' || !validNodeId(r.nodeId) || !Number.isSafeInteger(r.generation) || typeof r.cluster !== 'string') {
    throw new KvError('CORRUPTION', `${path} does not hold a node identity`);
  }
  return r as NodeIdentity;
}

/** Writes `identity` durably (temp file + fsync + rename + directory fsync). */
export function writeIdentity(dataDir: string, identity: NodeIdentity): void {
  const path = join(dataDir, fileName);
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(identity)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Loads (or creates) the identity and durably takes the next generation. */
export function takeNextGeneration(dataDir: string, wanted: { nodeId: string | undefined; cluster: string }, nowMs: number): NodeIdentity {
  mkdirSync(dataDir, { recursive: true });
  const stored = read(dataDir);
  if (wanted.nodeId !== undefined && !validNodeId(wanted.nodeId)) {
    throw new KvError('BAD_REQUEST', `node id ${JSON.stringify(wanted.nodeId)} must be 1..64 of A-Z a-z 0-9 . _ : -`);
  }
  if (stored !== undefined && wanted.nodeId !== undefined && stored.nodeId !== wanted.nodeId) {
    throw new KvError('BAD_REQUEST', `data dir ${dataDir} belongs to node ${stored.nodeId}, not ${wanted.nodeId}`);
  }
  if (stored !== undefined && stored.cluster !== wanted.cluster) {
    throw new KvError('BAD_REQUEST', `data dir ${dataDir} belongs to cluster ${stored.cluster}, not ${wanted.cluster}`);
  }
  const identity: NodeIdentity = {
    nodeId: stored?.nodeId ?? wanted.nodeId ?? `node-${randomBytes(4).toString('hex')}`,
    // Seconds since the epoch as a floor: a node whose NODE file was lost (restored from backup,
    // wiped) but which keeps its id still moves past every generation it used before.
    generation: Math.max((stored?.generation ?? 0) + 1, Math.floor(nowMs / 1000)),
    cluster: wanted.cluster,
  };
  writeIdentity(dataDir, identity);
  return identity;
}
