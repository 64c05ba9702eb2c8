import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveResponseEvent } from '../../shared/schema/inbox.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, signIn } from '../../test/helpers/context.ts';
import { createApp } from '../app.ts';
import { randomIds } from '../services/clock-ids.ts';

// The live stream against the real ingest route: one app, so the ingest route and the stream
// share its LiveFeed, with a 50 ms heartbeat so session checks happen within the test.
let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let session: { cookie: string; csrf: string };
const root = resolve(import.meta.dirname, '../..');

function liveApp(liveHeartbeatMs: number) {
  return createApp({
    store: ctx.store,
    clock: ctx.clock,
    ids: randomIds,
    config: { publicUrl: ORIGIN, maxBodyBytes: 65536, cookieSecure: 'auto', trustProxy: 0, rateLimits: { site: 6000, ip: 120, client: 30 } },
    assets: { widget: join(root, 'dist/widget'), admin: join(root, 'dist/admin'), examples: join(root, 'examples') },
    liveHeartbeatMs,
  });
}

beforeEach(async () => {
  ctx = await createTestContext();
  app = liveApp(50);
  session = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

interface SseEvent {
  event: string;
  data: string;
}

/** Reads server-sent events from a response body, one at a time. */
function events(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(timeoutMs = 3000): Promise<SseEvent | undefined> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join('\n');
          return { event, data };
        }
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
        if (chunk === 'timeout') return undefined;
        if (chunk.done) return { event: 'end', data: '' };
        buffer += chunk.value;
      }
    },
    /** The next event that is not a heartbeat. */
    async nextReal(timeoutMs = 3000): Promise<SseEvent | undefined> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const e = await this.next(Math.max(1, deadline - Date.now()));
        if (!e || e.event !== 'ping') return e;
      }
    },
    cancel: () => reader.cancel(),
  };
}

function open(siteId: string) {
  return app.request(`/admin/api/sites/${siteId}/live`, { headers: { cookie: session.cookie } });
}

function post(body: unknown, siteKey = ctx.site.public_key) {
  return app.request(`/v1/responses?site=${siteKey}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: ORIGIN },
    body: JSON.stringify(body),
  });
}

describe('live stream', () => {
  it('delivers a response posted through the ingest route, as the inbox lists it', async () => {
    const res = await open(ctx.site.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = events(res);
    expect((await stream.next())?.event).toBe('ready');
    const sent = await post(feedback({ text: 'Live: the coupon field rejects valid codes' }));
    const { id } = (await sent.json()) as { id: string };
    const event = await stream.nextReal();
    expect(event?.event).toBe('response');
    const { item } = JSON.parse(event!.data) as LiveResponseEvent;
    expect(item).toMatchObject({ id, text: 'Live: the coupon field rejects valid codes', status: 'new', siteId: ctx.site.id });
    // A workflow change is streamed too.
    await app.request(`/admin/api/sites/${ctx.site.id}/inbox/${id}`, {
      method: 'PATCH',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'triaged' }),
    });
    const changed = await stream.nextReal();
    expect((JSON.parse(changed!.data) as LiveResponseEvent).item).toMatchObject({ id, status: 'triaged' });
    await stream.cancel();
  });

  it('sends heartbeats and never another site’s responses', async () => {
    await ctx.store.db
      .insertInto('sites')
      .values({ id: 'site_b', public_key: 'pk_site_b_public', name: 'B', allowed_origins: JSON.stringify([ORIGIN]), created_at: 0 })
      .execute();
    const stream = events(await open('site_b'));
    expect((await stream.next())?.event).toBe('ready');
    await post(feedback({ text: 'Only for the default site, never for site B' }));
    const seen: string[] = [];
    const until = Date.now() + 400;
    while (Date.now() < until) {
      const e = await stream.next(200);
      if (e) seen.push(e.event);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['ping']));
    await stream.cancel();
  });

  it('sends no new response to a session signed out since its last check, even before the next heartbeat', async () => {
    app = liveApp(60_000);
    const stream = events(await open(ctx.site.id));
    expect((await stream.next())?.event).toBe('ready');
    // Past the stream's one-second trust in its last session check.
    await new Promise((r) => setTimeout(r, 1100));
    await ctx.store.db.deleteFrom('admin_sessions').execute();
    expect((await post(feedback({ text: 'Not for a signed-out reader of the live inbox' }))).status).toBe(200);
    expect((await stream.nextReal())?.event).toBe('signed-out');
    expect((await stream.next())?.event).toBe('end');
  });

  it('ends the stream once the session is signed out', async () => {
    const stream = events(await open(ctx.site.id));
    expect((await stream.next())?.event).toBe('ready');
    const out = await app.request('/admin/api/session', {
      method: 'DELETE',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, origin: ORIGIN },
    });
    expect(out.status).toBe(204);
    expect((await stream.nextReal())?.event).toBe('signed-out');
    expect((await stream.next())?.event).toBe('end');
  });

  it('refuses nobody and an unknown site', async () => {
    expect((await app.request(`/admin/api/sites/${ctx.site.id}/live`)).status).toBe(401);
    expect((await open('site_missing')).status).toBe(404);
  });
});
