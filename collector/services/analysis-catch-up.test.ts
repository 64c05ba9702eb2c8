import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { createApp } from '../app.ts';
import type { StoredResponse } from '../store/database.ts';
import { type PrepareOptions, type TextAnalyzer, inProcessAnalyzer } from './analysis/text-analyzer.ts';
import { AnalysisCatchUp } from './analysis-catch-up.ts';
import { randomIds } from './clock-ids.ts';
import { setIngestAnalysis } from './response-analysis.ts';

const contexts: TestContext[] = [];
afterEach(async () => {
  setIngestAnalysis(true);
  for (const ctx of contexts.splice(0)) await ctx.close();
});

/** A collector whose load probe answers `load.busy`. */
async function collector(load = { busy: false }, analyzer: TextAnalyzer = inProcessAnalyzer): Promise<TestContext> {
  const ctx = await createTestContext({}, { analyzer, analysisLoad: { busy: () => load.busy } });
  contexts.push(ctx);
  return ctx;
}

async function send(ctx: TestContext, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await postResponse(ctx, feedback({ text, ...extra }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** Texts waiting for their analysis: the condition of the index responses_unanalysed. */
async function countUnanalysed(db: TestContext['store']['db']): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from responses where text <> '' and sentiment_label is null`.execute(db);
  return rows[0]!.n;
}

const row = (ctx: TestContext, id: string): Promise<StoredResponse> =>
  ctx.store.db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function caughtUp(ctx: TestContext): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await countUnanalysed(ctx.store.db)) > 0) {
    if (Date.now() > deadline) throw new Error('the catch-up did not finish');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ANALYSED = ['sentiment', 'sentiment_label', 'language', 'keywords', 'priority', 'priority_reasons'] as const;
const analysedColumns = (r: StoredResponse) => Object.fromEntries(ANALYSED.map((c) => [c, r[c]]));

describe('analysis left for later while the collector is saturated', () => {
  it('stores the response at once, then gives it the analysis the write path would have given it', async () => {
    const load = { busy: true };
    const saturated = await collector(load);
    const calm = await collector();
    const text = 'Refund please, the checkout is broken and support never answers!!';
    const extra = { attributes: { plan: 'enterprise' } };
    const later = await send(saturated, text, extra);
    const atOnce = await send(calm, text, extra);

    const stored = await row(saturated, later);
    expect(stored.sentiment_label).toBeNull();
    expect(stored.keywords).toBeNull();
    // Everything but the text's analysis is there already: the priority from what is known.
    expect(stored.priority).toBeGreaterThan(0);
    expect(await countUnanalysed(saturated.store.db)).toBe(1);

    load.busy = false;
    await caughtUp(saturated);
    const expected = await row(calm, atOnce);
    expect(expected.sentiment_label).toBe('neg');
    expect(analysedColumns(await row(saturated, later))).toEqual(analysedColumns(expected));
  });

  it('does not overwrite a row that changed after it was read', async () => {
    const ctx = await collector();
    const id = await send(ctx, 'The search is slow');
    const read = await ctx.store.db
      .selectFrom('responses')
      .select(['id', 'updated_at', 'text', 'locale', 'score', 'scale', 'attributes', 'spam_score', 'duplicate_cluster_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const columns = { sentiment: 0.9, sentiment_label: 'pos' as const, language: 'en', keywords: '["search"]', priority: 1, priority_reasons: '[]' };
    const stale = { ...read, updated_at: (read.updated_at ?? 0) - 1 };
    expect(await ctx.store.writes.run((_trx, sql) => sql.addAnalysesIfUnchanged([{ read: stale, columns }]))).toEqual([]);
    expect((await row(ctx, id)).sentiment_label).toBe('neg');
    expect(await ctx.store.writes.run((_trx, sql) => sql.addAnalysesIfUnchanged([{ read, columns }]))).toEqual([id]);
    expect((await row(ctx, id)).sentiment_label).toBe('pos');
  });

  it('analyses texts stored with ANALYSIS=off when the collector starts again with it on', async () => {
    const ctx = await collector();
    setIngestAnalysis(false);
    const id = await send(ctx, '太慢了，一直卡住');
    expect((await row(ctx, id)).sentiment_label).toBeNull();
    setIngestAnalysis(true);
    createApp({ store: ctx.store, clock: ctx.clock, ids: randomIds, config: ctx.config, assets: ctx.assets });
    await caughtUp(ctx);
    expect((await row(ctx, id)).sentiment_label).toBe('neg');
    expect((await row(ctx, id)).language).toBe('zh');
  });

  it('finds its backlog through the partial index, not by reading the table', async () => {
    const ctx = await collector();
    const plan = await sql<{ detail: string }>`explain query plan select id from responses
      where text <> '' and sentiment_label is null and id > '' order by id limit 200`.execute(ctx.store.db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('responses_unanalysed');
  });

  it('gives up on a text whose analysis never comes, and tells about the ones it wrote', async () => {
    const ctx = await collector({ busy: true });
    const poison = await send(ctx, 'this one never gets an analysis');
    const fine = await send(ctx, 'Love the new dashboard');
    const tries: string[] = [];
    const analyzer: TextAnalyzer = {
      ...inProcessAnalyzer,
      prepare: async (text: string, options: PrepareOptions) => {
        tries.push(text);
        const prepared = await inProcessAnalyzer.prepare(text, options);
        // As text-analyzer.ts answers for a text the thread stalled on: no analysis.
        return text.startsWith('this one') ? { ...prepared, analysis: undefined } : prepared;
      },
    };
    const told: string[] = [];
    const catchUp = new AnalysisCatchUp({
      db: ctx.store.db,
      writes: ctx.store.writes,
      analyzer,
      load: { busy: () => false },
      onAnalysed: (_site, id) => told.push(id),
    });
    catchUp.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    catchUp.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(told).toEqual([fine]);
    expect((await row(ctx, fine)).sentiment_label).toBe('pos');
    expect((await row(ctx, poison)).sentiment_label).toBeNull();
    // Tried once, not again at every kick: a text that stalls the thread would stall it each time.
    expect(tries.filter((t) => t.startsWith('this one'))).toHaveLength(1);
  });
});
