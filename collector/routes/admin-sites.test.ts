import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteItem } from '../../shared/schema/admin-api.ts';
import { ORIGIN, type TestContext, createTestContext, feedback, postResponse, signIn, adminRequest } from '../../test/helpers/context.ts';

let ctx: TestContext;
let admin: { cookie: string; csrf: string };
beforeEach(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx);
});
afterEach(async () => {
  await ctx.close();
});

const call = (method: string, path: string, body?: unknown) => adminRequest(ctx, admin, method, path, body);

describe('sites', () => {
  it('creates a site with its own key, snippet and normalised origins', async () => {
    const res = await call('POST', '/sites', { name: ' Shop ', allowedOrigins: ['https://Shop.Example/', 'https://shop.example'] });
    expect(res.status).toBe(201);
    const site = (await res.json()) as SiteItem;
    expect(site.name).toBe('Shop');
    expect(site.publicKey).toMatch(/^pk_[A-Za-z0-9_-]{16}$/);
    expect(site.publicKey).not.toBe(ctx.site.public_key);
    expect(site.allowedOrigins).toEqual(['https://shop.example']);
    expect(site.snippet).toBe(`<script async src="${ORIGIN}/widget.js" data-site="${site.publicKey}"></script>`);
    const list = (await (await call('GET', '/sites')).json()) as { items: SiteItem[] };
    expect(list.items.map((s) => s.name)).toEqual(['Default site', 'Shop']);
  });

  it('refuses an origin with a path or another scheme, naming the field', async () => {
    for (const origin of ['https://shop.example/path', 'ftp://shop.example', 'shop.example', '', 'https://*.shop.example', 'https://shop.example/?a=1', 'https://ann@shop.example']) {
      const res = await call('POST', '/sites', { name: 'Bad', allowedOrigins: [origin] });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { field: string } };
      expect(body.error.field).toBe('allowedOrigins.0');
    }
    expect((await call('POST', '/sites', { name: '' })).status).toBe(422);
  });

  it('stores an origin the way browsers send it: punycode host, no default port', async () => {
    const res = await call('POST', '/sites', { name: 'Books', allowedOrigins: ['https://Bücher.example', 'https://shop.example:443/', 'http://localhost:3000'] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as SiteItem).allowedOrigins).toEqual(['https://xn--bcher-kva.example', 'https://shop.example', 'http://localhost:3000']);
  });

  it('edits allowed origins, and ingest follows at once', async () => {
    const accepted = await postResponse(ctx, feedback(), { origin: 'https://new.example' });
    expect(accepted.status).toBe(403);
    const res = await call('PATCH', `/sites/${ctx.site.id}`, { allowedOrigins: [ORIGIN, 'https://new.example'] });
    expect(res.status).toBe(200);
    expect(((await res.json()) as SiteItem).allowedOrigins).toEqual([ORIGIN, 'https://new.example']);
    expect((await postResponse(ctx, feedback(), { origin: 'https://new.example' })).status).toBeLessThan(300);
    expect((await call('PATCH', '/sites/site_missing', { name: 'x' })).status).toBe(404);
  });

  it('reads one site by id', async () => {
    const res = await call('GET', `/sites/${ctx.site.id}`);
    expect(((await res.json()) as SiteItem).publicKey).toBe(ctx.site.public_key);
  });
});
