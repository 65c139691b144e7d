// Format: FORMAT.md §Files
// File names: what each file in a store directory is, from its name alone (FORMAT.md §Files).
// Numbers come from one counter in the manifest (`nextFileNumber`) and are never reused, so a
// name identifies one file forever (block cache keys rely on that).

export type FileKind = 'log' | 'table' | 'manifest' | 'current' | 'lock' | 'temp';

export interface ParsedFileName {
  readonly kind: FileKind;
  /** The file number (0 for CURRENT and LOCK). */
  readonly number: number;
}

const pad = (n: number): string => String(n).padStart(6, '0');

export const logFileName = (n: number): string => `${pad(n)}.log`;
export const tableFileName = (n: number): string => `${pad(n)}.sst`;
export const manifestFileName = (n: number): string => `MANIFEST-${pad(n)}`;
export const tempFileName = (n: number): string => `${pad(n)}.tmp`;
export const CURRENT_FILE = 'CURRENT';
export const LOCK_FILE = 'LOCK';

export function parseFileName(name: string): ParsedFileName | undefined {
  if (name === CURRENT_FILE) return { kind: 'current', number: 0 };
  if (name === LOCK_FILE) return { kind: 'lock', number: 0 };
  const manifest = /^MANIFEST-(\d+)$/.exec(name);
  if (manifest !== null) return { kind: 'manifest', number: Number(manifest[1]) };
  const numbered = /^(\d+)\.(log|sst|tmp)$/.exec(name);
  if (numbered === null) return undefined;
  const ext = numbered[2];
  return { kind: ext === 'log' ? 'log' : ext === 'sst' ? 'table' : 'temp', number: Number(numbered[1]) };
}

export const joinPath = (dir: string, name: string): string => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
