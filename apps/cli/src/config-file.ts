import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { ConfigError, isAirlockError } from '@airlock/core';
import { parseValidatorConfig, type ValidatorConfig } from '@airlock/validator';
import { parse as parseYaml } from 'yaml';

/** Looked for in the working directory, in this order, when --config is not given. */
export const configFileNames = ['airlock.lint.yaml', 'airlock.lint.yml', 'airlock.lint.json'];

export interface LoadedConfig {
  config: ValidatorConfig;
  /** The file it came from, as shown to the user; undefined when none was found. */
  source: string | undefined;
}

function findConfigFile(cwd: string): string | undefined {
  return configFileNames.map((name) => join(cwd, name)).find((path) => existsSync(path));
}

async function readConfigText(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(shown, `cannot read the configuration file (${reason})`, {
      hint: 'Check the path given to --config.',
      cause: error,
    });
  }
}

function parseConfigText(text: string, shown: string): unknown {
  const json = extname(shown).toLowerCase() === '.json';
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(shown, `not valid ${json ? 'JSON' : 'YAML'}: ${reason}`, {
      hint: 'See docs/cli.md for the format of the configuration file.',
      cause: error,
    });
  }
}

/**
 * Reads the lint configuration: the file named by --config, else the first of
 * `configFileNames` in `cwd`, else an empty configuration. YAML or JSON; the validator's
 * schema checks it, and every error names the file and the key.
 */
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig> {
  const path = explicit === undefined ? findConfigFile(cwd) : resolve(cwd, explicit);
  if (path === undefined) return { config: {}, source: undefined };

  const shown = relative(cwd, path) || path;
  const value = parseConfigText(await readConfigText(path, shown), shown);
  try {
    return { config: parseValidatorConfig(value), source: shown };
  } catch (error) {
    throw inFile(error, shown);
  }
}

/** Prefixes a configuration error with the file it came from. */
export function inFile(error: unknown, shown: string | undefined): unknown {
  if (shown === undefined || !isAirlockError(error)) return error;
  return new ConfigError(shown, error.message, {
    hint: error.hint,
    cause: error,
    context: error.context,
  });
}
