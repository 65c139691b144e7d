// Config values: the parsers and validators behind every kv-server setting. Each kind reads a
// value from text (a flag or an environment variable) or from JSON (the config file), checks
// it and returns it typed, or throws a ConfigError naming where the value came from. Keeping
// the kinds apart from the settings table lets one kind (a port, a byte size) serve many knobs.
import type { Consistency } from '@kv/protocol';
import type { SyncPolicy } from '@kv/node';
import { ConfigError } from './config-error.js';

/** One kind of value: how to read it from a string and from a JSON config file. */
export interface ValueKind<T> {
  /** A short description for error messages and the README ("an integer in 0..65535"). */
  readonly expected: string;
  fromText(text: string, where: string): T;
  fromJson(value: unknown, where: string): T;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const consistencyNames = ['one', 'quorum', 'all', 'local_quorum'] as const;
const sizeUnits: Readonly<Record<string, number>> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const idPattern = /^[A-Za-z0-9._:-]{1,64}$/;
const clusterPattern = /^[A-Za-z0-9._-]{1,64}$/;

export function fail(where: string, expected: string, got: unknown): never {
  throw new ConfigError(`${where}: expected ${expected}, got ${show(got)}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/** A kind whose JSON form is a string read like the text form, or a number where `numeric`. */
function kind<T>(expected: string, fromText: (text: string) => T | undefined, numeric = false): ValueKind<T> {
  const readText = (text: string, where: string): T => {
    const parsed = fromText(text.trim());
    return parsed === undefined ? fail(where, expected, text) : parsed;
  };
  return {
    expected,
    fromText: readText,
    fromJson(value, where) {
      if (typeof value === 'string') return readText(value, where);
      if (numeric && typeof value === 'number') return readText(String(value), where);
      return fail(where, expected, value);
    },
  };
}

function integerIn(text: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

export const portKind = kind('a port, an integer in 0..65535 (0 picks a free one)', (t) => integerIn(t, 0, 65535), true);

export const positiveIntKind = kind('a positive integer', (t) => integerIn(t, 1, Number.MAX_SAFE_INTEGER), true);

/** An integer in min..max (a duration in ms, a count). */
export function intKind(min: number, max: number, what = 'an integer'): ValueKind<number> {
  return kind(`${what} in ${min}..${max}`, (t) => integerIn(t, min, max), true);
}

/** A byte count in min..max: an integer, optionally with a binary unit (`64MiB`, `10KiB`). */
export function bytesKind(min: number, max: number): ValueKind<number> {
  return kind(
    `a number of bytes in ${min}..${max} (an integer, optionally with B, KiB, MiB or GiB)`,
    (text) => {
      const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
      const unit = sizeUnits[(match?.[2] ?? '').toLowerCase()];
      if (!match || unit === undefined) return undefined;
      const value = Number(match[1]) * unit;
      return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
    },
    true,
  );
}

export const weightKind = kind(
  'a ring weight, a finite number > 0',
  (text) => {
    if (!/^\d*\.?\d+(e[+-]?\d+)?$/i.test(text)) return undefined;
    const value = Number(text);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  },
  true,
);

export const textKind = kind('a non-empty string', (text) => (text.length > 0 ? text : undefined));

export const hostKind = kind('a host name or IP address', (text) => (/^[^\s/@?#]+$/.test(text) ? text : undefined));

export const idKind = kind('1..64 of A-Z a-z 0-9 . _ : -', (text) => (idPattern.test(text) ? text : undefined));

export const clusterKind = kind('1..64 of A-Z a-z 0-9 . _ -', (text) => (clusterPattern.test(text) ? text : undefined));

export const secretKind = kind('a secret of at least 8 characters', (text) => (text.length >= 8 ? text : undefined));

export const logLevelKind = kind(`one of ${logLevels.join(', ')}`, (text) =>
  (logLevels as readonly string[]).includes(text) ? (text as LogLevel) : undefined,
);

export const consistencyKind = kind<Consistency>(
  `a replica count (integer >= 1) or one of ${consistencyNames.join(', ')}`,
  (text) => {
    if ((consistencyNames as readonly string[]).includes(text)) return text as Consistency;
    return integerIn(text, 1, 16);
  },
  true,
);

export const syncKind = kind<SyncPolicy>(
  'always, never, or a group-commit interval in ms (a positive integer)',
  (text) => {
    if (text === 'always' || text === 'never') return text;
    const intervalMs = integerIn(text, 1, 60_000);
    return intervalMs === undefined ? undefined : { intervalMs };
  },
  true,
);

function parseSeed(text: string): string | undefined {
  try {
    const url = new URL(text);
    const ok = (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '' && url.port !== '';
    return ok && url.pathname === '/' && url.search === '' ? `${url.protocol}//${url.host}` : undefined;
  } catch {
    return undefined;
  }
}

function seedsFromText(text: string, where: string): readonly string[] {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  return parts.map((part) => parseSeed(part) ?? fail(where, 'a ws:// or wss:// URL with a host and a port', part));
}

/** Seed URLs: a comma-separated list in text, a list or a comma-separated string in JSON. */
export const seedsKind: ValueKind<readonly string[]> = {
  expected: 'peer URLs like ws://host:port, comma-separated',
  fromText: seedsFromText,
  fromJson(value, where) {
    if (typeof value === 'string') return seedsFromText(value, where);
    if (!Array.isArray(value)) return fail(where, 'a list of ws://host:port URLs', value);
    return value.flatMap((item: unknown, index) =>
      typeof item === 'string' ? seedsFromText(item, `${where}[${index}]`) : fail(`${where}[${index}]`, 'a URL string', item),
    );
  },
};
