import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from '../../test/helpers/context.ts';

// These read the built files in dist/: `npm test` builds first.
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

describe('served assets', () => {
  it('GET /healthz answers 200 JSON', async () => {
    const res = await ctx.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the widget with caching headers and answers a matching ETag with 304', async () => {
    const res = await ctx.app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await ctx.app.request('/widget.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    // As a compressing proxy passes it on (a weak tag), and in a list.
    expect((await ctx.app.request('/widget.js', { headers: { 'if-none-match': `"old", W/${etag}` } })).status).toBe(304);
  });

  it('lets pages on any origin import the UI chunk (import() fetches in CORS mode)', async () => {
    const res = await ctx.app.request('/widget-ui.js', { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves the example page with the default site key pasted in', async () => {
    const res = await ctx.app.request('/examples/basic/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`data-site="${ctx.site.public_key}"`);
    expect(html).not.toContain('%FEEDLOOP_SITE_KEY%');
  });

  it('serves the admin view with a strict CSP', async () => {
    const res = await ctx.app.request('/admin/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="app">');
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await ctx.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
