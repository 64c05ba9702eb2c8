import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('starts with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '0.0.0.0',
      dataDir: './data',
      publicUrl: 'http://localhost:8787',
      adminEmail: 'admin@feedloop.local',
      adminPassword: undefined,
      maxBodyBytes: 65536,
      cookieSecure: 'auto',
      trustProxy: 0,
      rateLimits: { site: 6000, ip: 120, client: 30 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', ADMIN_EMAIL: '' })).toMatchObject({ port: 8787, adminEmail: 'admin@feedloop.local' });
  });

  it('reads every variable and trims a trailing slash from PUBLIC_URL', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/feedloop',
      PUBLIC_URL: 'https://feedback.example.com/',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'a long password',
      MAX_BODY_BYTES: '131072',
      COOKIE_SECURE: 'true',
      TRUST_PROXY: '1',
      RATE_LIMIT_SITE_PER_MIN: '10000',
      RATE_LIMIT_IP_PER_MIN: '300',
      RATE_LIMIT_CLIENT_PER_MIN: '12',
    });
    expect(config).toMatchObject({
      port: 9000,
      publicUrl: 'https://feedback.example.com',
      cookieSecure: 'true',
      trustProxy: 1,
      rateLimits: { site: 10000, ip: 300, client: 12 },
    });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'localhost:8787' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'root' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '10' }],
    ['COOKIE_SECURE', { COOKIE_SECURE: 'yes' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['RATE_LIMIT_IP_PER_MIN', { RATE_LIMIT_IP_PER_MIN: '0' }],
    ['RATE_LIMIT_CLIENT_PER_MIN', { RATE_LIMIT_CLIENT_PER_MIN: '2.5' }],
  ])('refuses a bad %s with a message naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });
});
