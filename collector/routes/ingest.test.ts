import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countResponses } from '../store/responses.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  return { status: res.status, ...body.error };
}

describe('POST /v1/responses', () => {
  it('stores a feedback response with its site, channel, page, locale and device class', async () => {
    const res = await postResponse(ctx, feedback({ email: 'ann@example.com' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const ack = (await res.json()) as { id: string; receivedAt: number };
    const row = await ctx.store.db.selectFrom('responses').selectAll().where('id', '=', ack.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      site_id: ctx.site.id,
      channel: 'widget',
      kind: 'feedback',
      category: 'bug',
      text: 'The checkout button does nothing',
      email: 'ann@example.com',
      page_url: 'http://localhost:8787/examples/basic/',
      locale: 'en-US',
      device: 'desktop',
      browser: 'safari',
      os: 'macos',
      received_at: ctx.clock.now(),
    });
  });

  it('counts a retried submission once and answers it the same way', async () => {
    const body = feedback();
    const first = await postResponse(ctx, body);
    ctx.clock.advance(5000);
    const second = await postResponse(ctx, body);
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(await countResponses(ctx.store.db)).toBe(1);
  });

  it('answers a CORS preflight for an allowed origin', async () => {
    const res = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuses a preflight from an origin the site does not allow', async () => {
    const res = await ctx.app.request(`/v1/responses?site=${ctx.site.public_key}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(await errorOf(res)).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('rejects bad input with a JSON error and writes nothing', () => {
    const cases: Array<[string, () => Promise<Response>, number, string, string?]> = [
      ['malformed JSON', () => postResponse(ctx, null, { raw: '{"kind":"feedback",' }), 400, 'invalid_json'],
      ['a missing site key', () => postResponse(ctx, feedback(), { site: '' }), 400, 'missing_site_key'],
      ['an unknown site key', () => postResponse(ctx, feedback(), { site: 'pk_nope' }), 404, 'site_not_found'],
      ['a foreign origin', () => postResponse(ctx, feedback(), { origin: 'https://evil.example' }), 403, 'origin_not_allowed'],
      ['no origin at all', () => postResponse(ctx, feedback(), { origin: null }), 403, 'origin_not_allowed'],
      ['a form content type', () => postResponse(ctx, feedback(), { contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      ['a body over the limit', () => postResponse(ctx, feedback({ text: 'x'.repeat(70_000) })), 413, 'payload_too_large'],
      ['empty text', () => postResponse(ctx, feedback({ text: '   ' })), 422, 'validation_failed', 'text'],
      ['a wrong type', () => postResponse(ctx, feedback({ category: 7 })), 422, 'validation_failed', 'category'],
      ['an unknown category', () => postResponse(ctx, feedback({ category: 'rant' })), 422, 'validation_failed', 'category'],
      ['a bad email', () => postResponse(ctx, feedback({ email: 'not-an-email' })), 422, 'validation_failed', 'email'],
      ['a relative page URL', () => postResponse(ctx, feedback({ page: { url: '/x' } })), 422, 'validation_failed', 'page.url'],
      ['a short idempotency key', () => postResponse(ctx, feedback({ idempotencyKey: 'abc' })), 422, 'validation_failed', 'idempotencyKey'],
      ['an unknown field', () => postResponse(ctx, feedback({ isAdmin: true })), 422, 'validation_failed', 'isAdmin'],
      ['a JSON array', () => postResponse(ctx, [feedback()]), 422, 'validation_failed'],
    ];
    it.each(cases)('%s', async (_name, send, status, code, field) => {
      const res = await send();
      const error = await errorOf(res);
      expect(error).toMatchObject({ status, code });
      expect(error.message.length).toBeGreaterThan(5);
      if (field) expect(error.field).toBe(field);
      expect(await countResponses(ctx.store.db)).toBe(0);
    });
  });

  it('stores hostile text verbatim as data', async () => {
    const text = `<script>alert(1)</script>'; DROP TABLE responses; --`;
    const res = await postResponse(ctx, feedback({ text }));
    const { id } = (await res.json()) as { id: string };
    const row = await ctx.store.db.selectFrom('responses').select('text').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.text).toBe(text);
  });
});
