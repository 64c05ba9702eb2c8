import * as v from 'valibot';

const Port = v.pipe(
  v.optional(v.string(), '8787'),
  v.transform(Number),
  v.integer('must be a whole number'),
  v.minValue(0),
  v.maxValue(65535),
);

const Bytes = (fallback: string) =>
  v.pipe(v.optional(v.string(), fallback), v.transform(Number), v.integer(), v.minValue(1024));

/** The environment the collector reads, validated once at start-up. Documented in the README. */
export const ConfigSchema = v.object({
  PORT: Port,
  HOST: v.optional(v.string(), '0.0.0.0'),
  DATA_DIR: v.optional(v.string(), './data'),
  /** Public base URL used in the printed snippet and admin link; defaults to http://localhost:PORT. */
  PUBLIC_URL: v.optional(
    v.pipe(v.string(), v.url('must be an absolute URL'), v.regex(/^https?:\/\//, 'must start with http:// or https://')),
  ),
  ADMIN_EMAIL: v.optional(v.pipe(v.string(), v.email('must be an email address')), 'admin@feedloop.local'),
  ADMIN_PASSWORD: v.optional(v.pipe(v.string(), v.minLength(10, 'must be at least 10 characters'))),
  MAX_BODY_BYTES: Bytes('65536'),
  /** Secure cookies need HTTPS; "auto" sets Secure when the request arrived over HTTPS. */
  COOKIE_SECURE: v.optional(v.picklist(['auto', 'true', 'false']), 'auto'),
});

export type RawConfig = v.InferOutput<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  adminEmail: string;
  adminPassword: string | undefined;
  maxBodyBytes: number;
  cookieSecure: 'auto' | 'true' | 'false';
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // An empty variable (`PORT=`) means "not set", as in most shells' and tools' conventions.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = v.safeParse(ConfigSchema, present);
  if (!result.success) {
    const lines = result.issues.map((issue) => `  ${v.getDotPath(issue) ?? '?'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = result.output;
  return Object.freeze({
    port: raw.PORT,
    host: raw.HOST,
    dataDir: raw.DATA_DIR,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ''),
    adminEmail: raw.ADMIN_EMAIL,
    adminPassword: raw.ADMIN_PASSWORD,
    maxBodyBytes: raw.MAX_BODY_BYTES,
    cookieSecure: raw.COOKIE_SECURE,
  });
}
