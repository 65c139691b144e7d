// Config resolution: turns a command line, an environment and an optional JSON config file into
// one validated ServerConfig. Precedence, lowest to highest: defaults, config file (`--config`
// or KV_CONFIG), KV_* environment variables, flags. Every value given in any layer is validated,
// unknown config-file keys are refused, and nothing here touches the process: argv, env, the
// file reader and the working directory are parameters, so the whole thing is unit-tested.
import path from 'node:path';
import type { NodeOptions, Logger } from '@kv/node';
import { ConfigError } from './config-error.js';
import { parseFlags, type FlagValues } from './config-flags.js';
import { envName, flagName, serverDefaults, settingKeys, settings, type ServerConfig, type SettingKey } from './config-settings.js';

export type { ServerConfig } from './config-settings.js';

/** Reads a config file's text; throws (an error with `code: 'ENOENT'` for a missing file) when it cannot. */
export type FileReader = (path: string) => string;

/** Either a config to run with, or text (help, version) to print before exiting 0. */
export type ResolvedArgs = { readonly kind: 'run'; readonly config: ServerConfig } | { readonly kind: 'print'; readonly text: string };

export interface ResolveOptions {
  /** Directory relative paths (data dir, config file) are resolved against. */
  readonly cwd: string;
  /** Printed by --version. */
  readonly version?: string;
}

type Env = Readonly<Record<string, string | undefined>>;
type Values = { -readonly [K in SettingKey]?: ServerConfig[K] };

/** Resolves argv + env + config file into a ServerConfig; help or version requests come back as text to print. */
export function resolveArgs(argv: readonly string[], env: Env, readFile: FileReader, options: ResolveOptions): ResolvedArgs {
  const flags = parseFlags(argv, options.version);
  if (flags.kind === 'print') return flags;
  const configPath = flags.values.config ?? nonEmpty(env['KV_CONFIG']);
  const layers: Values[] = [
    configPath === undefined ? {} : readConfigFile(path.resolve(options.cwd, configPath), readFile),
    fromEnv(env),
    fromFlags(flags.values),
  ];
  const merged: Values = Object.assign({}, ...layers);
  return { kind: 'run', config: finish(merged, options.cwd) };
}

/** resolveArgs for callers that never ask for help: throws ConfigError on --help or --version. */
export function resolveConfig(argv: readonly string[], env: Env, readFile: FileReader, options: ResolveOptions): ServerConfig {
  const resolved = resolveArgs(argv, env, readFile, options);
  if (resolved.kind === 'print') throw new ConfigError('--help and --version only make sense on the command line');
  return resolved.config;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function setValue(values: Values, key: SettingKey, value: unknown): void {
  (values as Record<string, unknown>)[key] = value;
}

function fromFlags(flags: FlagValues): Values {
  const values: Values = {};
  for (const key of settingKeys) {
    const text = flags[key];
    if (text !== undefined) setValue(values, key, settings[key].kind.fromText(text, flagName(key)));
  }
  return values;
}

function fromEnv(env: Env): Values {
  const values: Values = {};
  for (const key of settingKeys) {
    const text = nonEmpty(env[envName(key)]);
    if (text !== undefined) setValue(values, key, settings[key].kind.fromText(text, envName(key)));
  }
  return values;
}

function readConfigFile(file: string, readFile: FileReader): Values {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message);
    throw new ConfigError(`config file ${file}: ${why}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`config file ${file}: expected a JSON object of settings`);
  }
  const values: Values = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(settingKeys as string[]).includes(key)) {
      throw new ConfigError(`config file ${file}: unknown key ${JSON.stringify(key)}${suggest(key)}`);
    }
    const settingKey = key as SettingKey;
    setValue(values, settingKey, settings[settingKey].kind.fromJson(value, `config file ${file}: ${key}`));
  }
  return values;
}

/** " (did you mean port?)" for a key that differs from a known one only in case or separators. */
function suggest(key: string): string {
  const simple = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  const match = settingKeys.find((known) => simple(known) === simple(key));
  return match === undefined ? ` (known keys: ${settingKeys.join(', ')})` : ` (did you mean ${match}?)`;
}

function finish(values: Values, cwd: string): ServerConfig {
  const host = values.host ?? serverDefaults.host;
  const config: ServerConfig = {
    ...values,
    host,
    port: values.port ?? serverDefaults.port,
    dataDir: path.resolve(cwd, values.dataDir ?? serverDefaults.dataDir),
    seeds: values.seeds ?? serverDefaults.seeds,
    adminHost: values.adminHost ?? host,
    adminPort: values.adminPort ?? serverDefaults.adminPort,
    logLevel: values.logLevel ?? serverDefaults.logLevel,
  };
  checkLevelsFitN(config);
  if (config.port !== 0 && config.port === config.adminPort && config.host === config.adminHost) {
    throw new ConfigError(`port and admin port are both ${config.port}; give them different ports`);
  }
  return config;
}

function checkLevelsFitN(config: ServerConfig): void {
  const n = config.n ?? (config.seeds.length === 0 ? 1 : 3);
  for (const which of ['r', 'w'] as const) {
    const level = config[which];
    if (typeof level === 'number' && level > n) {
      throw new ConfigError(`${which} = ${level} is more than n = ${n} replicas${config.n === undefined ? ' (the default n)' : ''}`);
    }
  }
}

/** The NodeOptions this config starts a node with. */
export function toNodeOptions(config: ServerConfig, logger?: Logger): NodeOptions {
  const { adminHost: _adminHost, adminPort: _adminPort, logLevel: _logLevel, sync, ...rest } = config;
  return {
    ...rest,
    ...(sync === undefined ? {} : { syncPolicy: sync }),
    ...(logger === undefined ? {} : { logger }),
  };
}
