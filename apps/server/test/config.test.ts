// kv-server configuration: defaults < config file < KV_* environment < flags, every value
// validated with an error that names where it came from, unknown config keys refused.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config-error.js';
import { resolveArgs, resolveConfig, toNodeOptions, type FileReader } from '../src/config.js';
import { envName, flagName, settingKeys } from '../src/config-settings.js';

const cwd = '/srv/kv';
const noFile: FileReader = (file) => {
  throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
};

function files(contents: Record<string, string>): FileReader {
  return (file) => {
    const text = contents[file];
    if (text === undefined) return noFile(file);
    return text;
  };
}

function resolve(argv: string[], env: Record<string, string> = {}, readFile: FileReader = noFile) {
  return resolveConfig(argv, env, readFile, { cwd });
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig defaults', () => {
  it('with no flags is a durable single node on 127.0.0.1:7070, admin 8070, data in ./.kv-data', () => {
    expect(resolve([])).toEqual({
      host: '127.0.0.1',
      port: 7070,
      dataDir: path.resolve(cwd, '.kv-data'),
      seeds: [],
      adminHost: '127.0.0.1',
      adminPort: 8070,
      logLevel: 'info',
    });
  });

  it('leaves the node to choose n (1 without seeds), sync (always) and the rest', () => {
    const options = toNodeOptions(resolve([]));
    expect(options).not.toHaveProperty('n');
    expect(options).not.toHaveProperty('syncPolicy');
    expect(options.seeds).toEqual([]);
  });

  it('derives each flag and variable from the config key', () => {
    expect(flagName('maxPairBytes')).toBe('--max-pair-bytes');
    expect(envName('maxPairBytes')).toBe('KV_MAX_PAIR_BYTES');
    expect(flagName('n')).toBe('--n');
    expect(envName('adminPort')).toBe('KV_ADMIN_PORT');
  });
});

describe('resolveConfig precedence', () => {
  const configFile = files({ '/srv/kv/kv.json': JSON.stringify({ port: 7001, zone: 'file', nodeId: 'from-file', n: 3 }) });

  it('config file over defaults, environment over file, flags over environment', () => {
    const env = { KV_CONFIG: 'kv.json', KV_PORT: '7002', KV_ZONE: 'env' };
    const config = resolve(['--port', '7003'], env, configFile);
    expect(config.port).toBe(7003);
    expect(config.zone).toBe('env');
    expect(config.nodeId).toBe('from-file');
    expect(config.n).toBe(3);
    expect(resolve([], env, configFile).port).toBe(7002);
    expect(resolve(['--config', 'kv.json'], {}, configFile).port).toBe(7001);
  });

  it('--config wins over KV_CONFIG', () => {
    const readFile = files({ '/srv/kv/a.json': '{"port": 1111}', '/srv/kv/b.json': '{"port": 2222}' });
    expect(resolve(['--config', 'b.json'], { KV_CONFIG: 'a.json' }, readFile).port).toBe(2222);
  });

  it('an empty environment variable counts as unset', () => {
    expect(resolve([], { KV_PORT: '' }).port).toBe(7070);
  });

  it('every setting can be given by flag and by environment', () => {
    const values: Record<string, string> = {
      host: '0.0.0.0', port: '7100', advertiseHost: 'kv1.local', dataDir: 'd', nodeId: 'n1', zone: 'eu', weight: '2.5',
      seeds: 'ws://a:1,ws://b:2', cluster: 'prod', secret: 's3cret-123', n: '3', r: '2', w: 'all', maxPairBytes: '20KiB',
      requestTimeoutMs: '900', sync: '5', cacheBytes: '1MiB', memtableBytes: '128KiB', gossipIntervalMs: '200',
      antiEntropyIntervalMs: '5000', tombstoneGraceMs: '0', adminHost: '127.0.0.2', adminPort: '0', logLevel: 'debug',
    };
    const argv = settingKeys.flatMap((key) => [flagName(key), values[key] ?? '']);
    const env = Object.fromEntries(settingKeys.map((key) => [envName(key), values[key] ?? '']));
    const expected = {
      host: '0.0.0.0', port: 7100, advertiseHost: 'kv1.local', dataDir: '/srv/kv/d', nodeId: 'n1', zone: 'eu', weight: 2.5,
      seeds: ['ws://a:1', 'ws://b:2'], cluster: 'prod', secret: 's3cret-123', n: 3, r: 2, w: 'all', maxPairBytes: 20 * 1024,
      requestTimeoutMs: 900, sync: { intervalMs: 5 }, cacheBytes: 1024 * 1024, memtableBytes: 128 * 1024, gossipIntervalMs: 200,
      antiEntropyIntervalMs: 5000, tombstoneGraceMs: 0, adminHost: '127.0.0.2', adminPort: 0, logLevel: 'debug',
    };
    expect(resolve(argv)).toEqual(expected);
    expect(resolve([], env)).toEqual(expected);
  });
});

describe('resolveConfig validation', () => {
  it.each([
    [['--port', '70000'], '--port'],
    [['--port', '-1'], '--port'],
    [['--port', '80.5'], '--port'],
    [['--admin-port', 'http'], '--admin-port'],
    [['--n', '0'], '--n'],
    [['--n', '17'], '--n'],
    [['--weight', '0'], '--weight'],
    [['--r', 'most'], '--r'],
    [['--sync', 'sometimes'], '--sync'],
    [['--max-pair-bytes', '0'], '--max-pair-bytes'],
    [['--cache-bytes', '12 parsecs'], '--cache-bytes'],
    [['--seeds', 'http://a:1'], '--seeds'],
    [['--seeds', 'ws://no-port'], '--seeds'],
    [['--node-id', 'has space'], '--node-id'],
    [['--cluster', 'a/b'], '--cluster'],
    [['--secret', 'short'], '--secret'],
    [['--log-level', 'loud'], '--log-level'],
  ])('refuses %j, naming %s', (argv, flag) => {
    const error = errorOf(() => resolve(argv));
    expect(error.message.startsWith(`${flag}: expected`)).toBe(true);
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).not.toContain('\n');
  });

  it('names the environment variable a bad value came from', () => {
    expect(errorOf(() => resolve([], { KV_PORT: 'seventy' })).message).toMatch(/^KV_PORT: expected a port/);
  });

  it('validates every layer, even a value a higher layer overrides', () => {
    expect(errorOf(() => resolve(['--port', '7000'], { KV_PORT: 'bad' })).message).toMatch(/^KV_PORT/);
  });

  it('refuses unknown flags and stray arguments with commander’s suggestion', () => {
    expect(errorOf(() => resolve(['--prot', '1'])).message).toBe("unknown option '--prot' (Did you mean --port?)");
    expect(errorOf(() => resolve(['serve'])).message).toMatch(/too many arguments/);
    expect(errorOf(() => resolve(['--port'])).message).toMatch(/argument missing/);
  });

  it('refuses r or w above n', () => {
    expect(errorOf(() => resolve(['--r', '2'])).message).toBe('r = 2 is more than n = 1 replicas (the default n)');
    expect(errorOf(() => resolve(['--n', '3', '--w', '17'])).message).toMatch(/^--w: expected a replica count/);
    expect(errorOf(() => resolve(['--n', '2', '--w', '3'])).message).toBe('w = 3 is more than n = 2 replicas');
    expect(resolve(['--seeds', 'ws://a:1', '--r', '3']).r).toBe(3);
  });

  it('refuses the same port for clients and admin', () => {
    expect(errorOf(() => resolve(['--port', '9000', '--admin-port', '9000'])).message).toMatch(/both 9000/);
    expect(resolve(['--port', '0', '--admin-port', '0']).adminPort).toBe(0);
  });
});

describe('config file', () => {
  const read = (json: unknown) => files({ '/srv/kv/kv.json': JSON.stringify(json) });

  it('takes typed JSON values: numbers, seed lists, sync intervals', () => {
    const config = resolve(['--config', 'kv.json'], {}, read({ port: 7100, seeds: ['ws://a:1', 'ws://b:2'], sync: 10, maxPairBytes: '16KiB', w: 'one' }));
    expect(config).toMatchObject({ port: 7100, seeds: ['ws://a:1', 'ws://b:2'], sync: { intervalMs: 10 }, maxPairBytes: 16384, w: 'one' });
  });

  it('refuses unknown keys, suggesting the spelling it knows', () => {
    expect(errorOf(() => resolve(['--config', 'kv.json'], {}, read({ data_dir: 'x' }))).message).toBe(
      'config file /srv/kv/kv.json: unknown key "data_dir" (did you mean dataDir?)',
    );
    expect(errorOf(() => resolve(['--config', 'kv.json'], {}, read({ colour: 'blue' }))).message).toMatch(/unknown key "colour" \(known keys: host, port/);
  });

  it('refuses wrongly typed values, naming file and key', () => {
    expect(errorOf(() => resolve(['--config', 'kv.json'], {}, read({ port: true }))).message).toBe(
      'config file /srv/kv/kv.json: port: expected a port, an integer in 0..65535 (0 picks a free one), got true',
    );
    expect(errorOf(() => resolve(['--config', 'kv.json'], {}, read({ seeds: [1] }))).message).toMatch(/seeds\[0\]: expected a URL string/);
  });

  it('reports a missing file, bad JSON and a non-object in one line', () => {
    expect(errorOf(() => resolve(['--config', 'nope.json'])).message).toBe('config file /srv/kv/nope.json: no such file');
    const bad = files({ '/srv/kv/bad.json': '{ port: 1 }', '/srv/kv/list.json': '[]' });
    expect(errorOf(() => resolve(['--config', 'bad.json'], {}, bad)).message).toMatch(/^config file \/srv\/kv\/bad.json: not valid JSON/);
    expect(errorOf(() => resolve(['--config', 'list.json'], {}, bad)).message).toMatch(/expected a JSON object/);
  });
});

describe('resolveArgs', () => {
  it('turns --help and --version into text to print', () => {
    const help = resolveArgs(['--help'], {}, noFile, { cwd });
    expect(help.kind).toBe('print');
    if (help.kind === 'print') {
      expect(help.text).toContain('--max-pair-bytes <bytes>');
      expect(help.text).toContain('KV_MAX_PAIR_BYTES');
    }
    expect(resolveArgs(['--version'], {}, noFile, { cwd, version: '1.2.3' })).toEqual({ kind: 'print', text: '1.2.3\n' });
  });
});

describe('toNodeOptions', () => {
  it('maps sync to syncPolicy, passes the logger, keeps admin and log settings out of the node', () => {
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const options = toNodeOptions(resolve(['--sync', 'never', '--seeds', 'ws://a:1', '--n', '3']), logger);
    expect(options).toMatchObject({ syncPolicy: 'never', seeds: ['ws://a:1'], n: 3, logger, port: 7070, host: '127.0.0.1' });
    expect(options).not.toHaveProperty('adminPort');
    expect(options).not.toHaveProperty('logLevel');
    expect(options).not.toHaveProperty('sync');
  });
});
