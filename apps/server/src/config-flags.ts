// Config flags: kv-server's command line, parsed by commander into raw strings per setting.
// Values are not interpreted here (config.ts validates every layer the same way); commander only
// knows the flag names, so a misspelt flag or a stray argument is refused with its suggestion.
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config-error.js';
import { envName, flagName, settingKeys, settings, type SettingKey } from './config-settings.js';

export type FlagValues = Partial<Record<SettingKey | 'config', string>>;

/** What the command line asked for: run with these flag values, or print help/version and exit 0. */
export type ParsedFlags = { readonly kind: 'run'; readonly values: FlagValues } | { readonly kind: 'print'; readonly text: string };

function buildCommand(version: string, out: { text: string }): Command {
  const command = new Command('kv-server')
    .description('Run one kv cluster node. Settings: defaults < config file < KV_* environment < flags.')
    .version(version, '-v, --version')
    .helpOption('-h, --help')
    .option('--config <path>', 'JSON config file (env KV_CONFIG); keys are the camelCase setting names')
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (out.text += text),
      writeErr: (text) => (out.text += text),
      outputError: () => undefined,
    });
  for (const key of settingKeys) {
    const setting = settings[key];
    command.option(`${flagName(key)} ${setting.arg}`, `${setting.doc} (default ${setting.defaultText}; env ${envName(key)})`);
  }
  return command;
}

/** Parses argv (without `node` and the script path). Throws ConfigError on an unknown flag, a missing value or a stray argument. */
export function parseFlags(argv: readonly string[], version = '0.0.0'): ParsedFlags {
  const out = { text: '' };
  const command = buildCommand(version, out);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return { kind: 'print', text: out.text };
    throw new ConfigError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '));
  }
  return { kind: 'run', values: command.opts<FlagValues>() };
}
