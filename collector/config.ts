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

const PerMinute = (fallback: string) =>
  v.pipe(v.optional(v.string(), fallback), v.transform(Number), v.integer('must be a whole number'), v.minValue(1));

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
  /**
   * How many reverse proxies in front of the collector append to X-Forwarded-For. 0: the client
   * address is the socket's (X-Forwarded-For is ignored, since anyone can send it).
   */
  TRUST_PROXY: v.pipe(
    v.optional(v.string(), '0'),
    v.transform(Number),
    v.integer('must be a whole number of proxies'),
    v.minValue(0),
    v.maxValue(10),
  ),
  /** Public write requests (responses, follow-ups, events) per minute, with bursts up to as many. */
  RATE_LIMIT_SITE_PER_MIN: PerMinute('6000'),
  RATE_LIMIT_IP_PER_MIN: PerMinute('120'),
  RATE_LIMIT_CLIENT_PER_MIN: PerMinute('30'),
  /**
   * "off" stores responses without sentiment, keywords, priority or auto-tags — for measuring what
   * the analysis costs on the write path; `npm run backfill` fills them in afterwards.
   */
  ANALYSIS: v.optional(v.picklist(['on', 'off']), 'on'),
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
  trustProxy: number;
  rateLimits: RateLimits;
  /** Whether ingest analyses each response before writing it (ANALYSIS). */
  analysis: boolean;
}

/** Requests per minute allowed to one site, one (hashed) IP address, one widget client. */
export interface RateLimits {
  site: number;
  ip: number;
  client: number;
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
    trustProxy: raw.TRUST_PROXY,
    rateLimits: Object.freeze({ site: raw.RATE_LIMIT_SITE_PER_MIN, ip: raw.RATE_LIMIT_IP_PER_MIN, client: raw.RATE_LIMIT_CLIENT_PER_MIN }),
    analysis: raw.ANALYSIS === 'on',
  });
}
