import { loadConfig } from '../../config/env.ts';
import { DEFAULT_OVERSIGHT_CONFIG, type OversightConfig, parseOversightConfig } from '../../domain/oversight/config.ts';
import { readConfigFile } from '../config-file.ts';

/** The oversight configuration in a YAML or JSON file (missing fields take their defaults), or InputError by field. */
export function readOversightConfig(file: string): Promise<OversightConfig> {
  return readConfigFile(file, parseOversightConfig);
}

/** The configuration in force: ASSURE_OVERSIGHT_CONFIG's file when set, else the defaults. */
export async function configuredOversight(): Promise<OversightConfig> {
  const file = loadConfig().oversightConfigFile;
  return file === undefined ? DEFAULT_OVERSIGHT_CONFIG : readOversightConfig(file);
}
