import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type AppDeps, createApp } from '../../collector/app.ts';
import type { Config } from '../../collector/config.ts';
import { ensureDefaults } from '../../collector/services/bootstrap.ts';
import { randomIds } from '../../collector/services/clock-ids.ts';
import type { Site } from '../../collector/store/database.ts';
import type { SessionInfo } from '../../shared/schema/admin-api.ts';
import { type Store, openStore } from '../../collector/store/open.ts';

export const ORIGIN = 'http://localhost:8787';
export const ADMIN = { email: 'admin@example.test', password: 'correct horse battery' };

const root = resolve(import.meta.dirname, '../..');

export interface TestContext {
  app: ReturnType<typeof createApp>;
  store: Store;
  site: Site;
  dir: string;
  clock: { now(): number; advance(ms: number): void };
  /** What the app was made with: a test can make a second app on the same store (a restart). */
  config: AppDeps['config'];
  assets: AppDeps['assets'];
  close(): Promise<void>;
}

/** A real collector on a real SQLite file in a fresh temp folder; no mocks of the store. */
export async function createTestContext(
  overrides: Partial<Pick<Config, 'rateLimits' | 'trustProxy'>> = {},
  deps: Pick<AppDeps, 'analyzer' | 'analysisLoad' | 'backlog'> = {},
): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'feedloop-test-'));
  const store = await openStore(join(dir, 'feedloop.sqlite'));
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const config = {
    publicUrl: ORIGIN,
    port: 8787,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    maxBodyBytes: 65536,
    cookieSecure: 'auto' as const,
    trustProxy: 0,
    rateLimits: { site: 6000, ip: 120, client: 30 },
    ...overrides,
  };
  const { site } = await ensureDefaults(store, config, { clock, ids: randomIds });
  const assets = { widget: join(root, 'dist/widget'), admin: join(root, 'dist/admin'), examples: join(root, 'examples') };
  const app = createApp({ store, clock, ids: randomIds, config, assets, ...deps });
  return {
    app,
    store,
    site,
    dir,
    clock,
    config,
    assets,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid feedback submission; override any field. */
export function feedback(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'feedback',
    idempotencyKey: `key_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`,
    clientId: 'client_abcdefgh',
    category: 'bug',
    text: 'The checkout button does nothing',
    page: { url: 'http://localhost:8787/examples/basic/', title: 'Acme Shop' },
    locale: 'en-US',
    ...overrides,
  };
}

/** POSTs to the ingest endpoint the way the widget does (text/plain JSON, with an Origin). */
export async function postResponse(
  ctx: TestContext,
  body: unknown,
  opts: { origin?: string | null; site?: string; contentType?: string; raw?: string; ip?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'text/plain;charset=UTF-8',
    'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  };
  if (opts.origin !== null) headers.origin = opts.origin ?? ORIGIN;
  // `ip` stands in for the socket @hono/node-server would hand the app (getConnInfo reads it).
  const env = opts.ip ? { incoming: { socket: { remoteAddress: opts.ip } } } : undefined;
  return ctx.app.request(
    `/v1/responses?site=${encodeURIComponent(opts.site ?? ctx.site.public_key)}`,
    { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) },
    env,
  );
}

/** Adds answers to a stored survey response by its key, the way an API client does (PATCH). */
export async function patchResponse(ctx: TestContext, key: string, body: unknown, origin = ORIGIN): Promise<Response> {
  return ctx.app.request(`/v1/responses/${key}?site=${ctx.site.public_key}`, {
    method: 'PATCH',
    headers: { 'content-type': 'text/plain', origin },
    body: JSON.stringify(body),
  });
}

/** A signed-in admin browser: its session cookie and the CSRF token its writes send. */
export type AdminSession = { cookie: string; csrf: string };

/** A call to the admin API as `who` (cookie and CSRF header), or as nobody; a body goes as JSON. */
export function adminRequest(
  ctx: TestContext,
  who: AdminSession | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> | Response {
  const sent: Record<string, string> = { origin: ORIGIN, ...headers };
  if (who) Object.assign(sent, { cookie: who.cookie, 'x-csrf-token': who.csrf });
  if (body !== undefined) sent['content-type'] = 'application/json';
  return ctx.app.request(`/admin/api${path}`, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Signs in as the seeded admin; returns the session cookie and the CSRF token for writes. */
export async function signIn(ctx: TestContext): Promise<{ cookie: string; csrf: string; info: SessionInfo }> {
  const res = await ctx.app.request('/admin/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}`);
  const info = (await res.json()) as SessionInfo;
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: info.csrfToken, info };
}
