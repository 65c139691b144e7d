// Process lock: the store's LOCK file as a pid file created exclusively (O_EXCL), so a second
// process opening the same directory gets LOCKED instead of writing beside the first. A LOCK
// left by a process that died (kill -9, power loss) names a pid that no longer runs: it is
// stale and taken over. (Node has no portable flock; a reused pid can make a stale lock look
// held — the error names the pid, so an operator can check and remove the file.)
import fs from 'node:fs';
import { LsmError } from '../errors.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(path: string): Promise<number | undefined> {
  const text = await fs.promises.readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Creates `path` holding our pid; throws LOCKED while a live other process holds it. */
export async function acquireProcessLock(path: string, shownPath: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.promises.open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LsmError('IO_ERROR', `create lock file ${shownPath}: ${(error as Error).message}`, { cause: error });
      }
    }
    const holder = await holderOf(path);
    if (holder !== undefined && holder !== process.pid && processAlive(holder)) {
      throw new LsmError('LOCKED', `${shownPath} is held by process ${holder}; stop it first (or remove the file if that process is not a kv store)`);
    }
    await fs.promises.rm(path, { force: true });
  }
  throw new LsmError('LOCKED', `${shownPath} keeps being re-created by another process`);
}

export async function releaseProcessLock(path: string): Promise<void> {
  if ((await holderOf(path)) === process.pid) await fs.promises.rm(path, { force: true });
}
