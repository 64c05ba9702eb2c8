import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from '../../test/helpers/context.ts';
import { updateSiteSettings } from '../store/sites.ts';
import { SiteCache } from './sites.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

describe('SiteCache', () => {
  it('sees a change made through this process at once, and one made elsewhere within its TTL', async () => {
    const cache = new SiteCache(ctx.store.db, ctx.clock);
    const key = ctx.site.public_key;
    expect((await cache.require(key)).settings).toBe('{}');

    // Another process (the seed CLI, say) changes the row behind our back.
    await sql`update sites set settings = '{"recontactDays":1}'`.execute(ctx.store.db);
    expect((await cache.require(key)).settings).toBe('{}');
    ctx.clock.advance(SiteCache.TTL_MS);
    expect((await cache.require(key)).settings).toBe('{"recontactDays":1}');

    await updateSiteSettings(ctx.store.db, ctx.site.id, '{"recontactDays":0}', ctx.clock.now());
    expect((await cache.require(key)).settings).toBe('{"recontactDays":0}');
  });

  it('refuses unknown and missing keys every time, remembering nothing for them', async () => {
    const cache = new SiteCache(ctx.store.db, ctx.clock);
    await expect(cache.require('pk_nope')).rejects.toMatchObject({ code: 'site_not_found' });
    await expect(cache.require(undefined)).rejects.toMatchObject({ code: 'missing_site_key' });
  });
});
