import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext } from '../../test/helpers/context.ts';
import type { NewResponse } from '../store/database.ts';
import { themesReport } from './reports.ts';
import { siteThemes } from './themes.ts';

/**
 * On a busy site the newest texts that themes read (2,000 on the dashboard, 20,000 on the themes
 * list) cover hours, not two weeks. A steady theme must still read as flat, not as `new`.
 */
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);
let ctx: TestContext;

beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => {
  await ctx.close();
});

/** `count` texts spread evenly over the 14 days before NOW, every one about shipping or about login. */
async function steadyTraffic(count: number): Promise<void> {
  const rows: NewResponse[] = Array.from({ length: count }, (_, i) => ({
    id: `rsp_busy_${i}`,
    site_id: ctx.site.id,
    idempotency_key: `key_busy_${i}`,
    channel: 'widget',
    kind: 'feedback',
    device: 'desktop',
    browser: 'chrome',
    os: 'mac',
    received_at: NOW - Math.floor(((i + 0.5) * 14 * DAY) / count),
    text: 'x',
    keywords: JSON.stringify(i % 2 === 0 ? ['shipping', 'late'] : ['login', 'password']),
    spam_score: 0,
  }));
  for (let i = 0; i < rows.length; i += 500) await ctx.store.db.insertInto('responses').values(rows.slice(i, i + 500)).execute();
}

describe('theme trends on a site whose newest texts cover less than a week', () => {
  it('compares the dashboard corpus with the same hours a week before', async () => {
    await steadyTraffic(14 * 600);
    const report = await themesReport({ db: ctx.store.db, clock: { now: () => NOW } }, ctx.site.id, {}, undefined);
    expect(report.corpus).toBe(2000);
    const shipping = report.items.find((t) => t.keywords[0] === 'shipping')!;
    expect(shipping.thisWeek).toBeGreaterThan(900);
    expect(Math.abs(shipping.lastWeek - shipping.thisWeek)).toBeLessThanOrEqual(2);
    expect(shipping.trend).toBe('flat');
  });

  it('compares the themes list corpus with the same hours a week before', async () => {
    await steadyTraffic(14 * 6000);
    const themes = await siteThemes(ctx.store.db, ctx.site.id, NOW);
    const shipping = themes.find((t) => t.keywords[0] === 'shipping')!;
    expect(shipping.thisWeek).toBeGreaterThan(9000);
    expect(Math.abs(shipping.lastWeek - shipping.thisWeek)).toBeLessThanOrEqual(2);
    expect(shipping.trend).toBe('flat');
  });
});
