// DirectorySweep: the open-time clean-up of files no completed operation refers to — tables of a
// flush or compaction cut by a crash, commit logs already flushed, old manifests, temp files. The
// manifest is the truth; anything it does not name (and is not the live log) goes.

import type { FileSystem } from './file-system.js';
import { joinPath, parseFileName } from './file-names.js';
import type { Version } from './version.js';

export async function sweepDirectory(fs: FileSystem, dir: string, live: Version, manifestNumber: number, logNumber: number): Promise<void> {
  const tables = new Set(live.fileNumbers());
  for (const name of await fs.list(dir)) {
    const f = parseFileName(name);
    if (f === undefined) continue;
    const dead =
      (f.kind === 'table' && !tables.has(f.number)) ||
      (f.kind === 'log' && f.number < logNumber) ||
      (f.kind === 'manifest' && f.number !== manifestNumber) ||
      f.kind === 'temp';
    if (dead) await fs.remove(joinPath(dir, name));
  }
}
