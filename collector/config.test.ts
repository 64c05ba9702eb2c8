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
    });
    expect(config).toMatchObject({ port: 9000, publicUrl: 'https://feedback.example.com', cookieSecure: 'true' });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'localhost:8787' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'root' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '10' }],
    ['COOKIE_SECURE', { COOKIE_SECURE: 'yes' }],
  ])('refuses a bad %s with a message naming it', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });
});
