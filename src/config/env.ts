import path from 'node:path';
import { z } from 'zod';

/** Settings Assure reads from the environment; each one is validated before anything starts. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly nodeEnv: 'development' | 'production' | 'test';
  /** Browsers reach Assure over HTTPS (directly or through a TLS-terminating proxy): Secure cookies and HSTS. */
  readonly behindTls: boolean;
  /** Trust X-Forwarded-For from the proxy in front, so rate limits and session lists see the client's address. */
  readonly trustProxy: boolean;
  /** A YAML or JSON file overriding the special-measures triggers' defaults (src/domain/special-measures/trigger-config.ts). */
  readonly triggerConfigFile: string | undefined;
  /** A YAML or JSON file overriding continuous assurance's defaults (src/domain/oversight/config.ts). */
  readonly oversightConfigFile: string | undefined;
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  ASSURE_DATA_DIR: z.string().min(1, 'must not be empty').default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ASSURE_BEHIND_TLS: flag.default(false),
  ASSURE_TRUST_PROXY: flag.default(false),
  ASSURE_TRIGGER_CONFIG: z.string().optional(),
  ASSURE_OVERSIGHT_CONFIG: z.string().optional(),
});

/** A configuration problem, naming the variable, for a one-line message at start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue?.message ?? 'invalid'}`);
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.ASSURE_DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    logLevel: values.LOG_LEVEL,
    nodeEnv: values.NODE_ENV,
    behindTls: values.ASSURE_BEHIND_TLS,
    trustProxy: values.ASSURE_TRUST_PROXY,
    triggerConfigFile: values.ASSURE_TRIGGER_CONFIG === undefined ? undefined : path.resolve(values.ASSURE_TRIGGER_CONFIG),
    oversightConfigFile: values.ASSURE_OVERSIGHT_CONFIG === undefined ? undefined : path.resolve(values.ASSURE_OVERSIGHT_CONFIG),
  };
}
