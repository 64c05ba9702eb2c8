import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { holdWriteLock } from '../../test/helpers/other-writer.ts';
import { insertTagRule } from '../store/tags.ts';
import { backfillResponses, progressLine } from './backfill.ts';
import { responsesAfter, updateAnalysedIfUnchanged } from '../store/response-analysis.ts';
import { analysisColumns, setIngestAnalysis } from './response-analysis.ts';

const CLI = fileURLToPath(new URL('../cli/backfill.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
  // Stored the way a collector from before the analysis (or with ANALYSIS=off) left them.
  setIngestAnalysis(false);
  for (const text of ['I want a refund, the app is broken', '太好用了，非常喜欢', 'Where is the export button?']) {
    expect((await postResponse(ctx, feedback({ text }))).status).toBe(200);
  }
  setIngestAnalysis(true);
  await insertTagRule(ctx.store.db, { id: 'tgr_1', site_id: ctx.site.id, pattern: 'refund', tag: 'billing', created_at: ctx.clock.now() });
});
afterEach(async () => {
  await ctx.close();
});

async function rows() {
  return ctx.store.db.selectFrom('responses').selectAll().orderBy('text').execute();
}

describe('backfill', () => {
  it('does not write a re-analysis over a row that changed after it was read', async () => {
    const [read] = await responsesAfter(ctx.store.db, { afterId: '', limit: 1 });
    const columns = analysisColumns(read!, null, ctx.clock.now());
    // A follow-up lands between the backfill's read and its write.
    await ctx.store.db.updateTable('responses').set({ text: 'Changed since', updated_at: ctx.clock.now() + 1 }).where('id', '=', read!.id).execute();
    expect(await updateAnalysedIfUnchanged(ctx.store.db, read!, columns)).toBe(false);
    const after = await ctx.store.db.selectFrom('responses').select(['text', 'sentiment']).where('id', '=', read!.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ text: 'Changed since', sentiment: null });
    const [again] = await responsesAfter(ctx.store.db, { afterId: '', limit: 1 });
    expect(await updateAnalysedIfUnchanged(ctx.store.db, again!, analysisColumns(again!, null, ctx.clock.now()))).toBe(true);
  });

  it('does not write a re-analysis over a row changed within the same millisecond (updated_at as it was)', async () => {
    const [read] = await responsesAfter(ctx.store.db, { afterId: '', limit: 1 });
    const columns = analysisColumns(read!, null, ctx.clock.now());
    await ctx.store.db.updateTable('responses').set({ text: 'Changed in the same ms', updated_at: read!.updated_at }).where('id', '=', read!.id).execute();
    expect(await updateAnalysedIfUnchanged(ctx.store.db, read!, columns)).toBe(false);
    await ctx.store.db.updateTable('responses').set({ text: read!.text, score: 9, scale: 'nps' }).where('id', '=', read!.id).execute();
    expect(await updateAnalysedIfUnchanged(ctx.store.db, read!, columns)).toBe(false);
  });

  it('fills sentiment, keywords, priority and auto-tags in batches, reporting progress', async () => {
    expect((await rows()).every((r) => r.sentiment === null)).toBe(true);
    const progress: Array<[number, number]> = [];
    const { done, stopped } = await backfillResponses(ctx.store.db, { now: ctx.clock.now(), batch: 2, onProgress: (d, t) => progress.push([d, t]) });
    expect({ done, stopped }).toEqual({ done: 3, stopped: false });
    expect(progress).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
    const [refund, where, zh] = await rows();
    expect(refund).toMatchObject({ sentiment_label: 'neg', language: 'en' });
    expect(JSON.parse(refund!.priority_reasons).map((r: { code: string }) => r.code)).toContain('urgent:refund');
    expect(zh).toMatchObject({ sentiment_label: 'pos', language: 'zh' });
    expect(JSON.parse(where!.keywords!)).toContain('export');
    const tags = await ctx.store.db.selectFrom('response_tags').selectAll().execute();
    expect(tags).toEqual([{ response_id: refund!.id, tag: 'billing', source: 'auto' }]);
  });

  it('tags each batch under the rules as they are when it is written, not as they were when the run began', async () => {
    // A rule for the text the run reaches last, deleted by an admin once the first batch is in.
    const order = await responsesAfter(ctx.store.db, { afterId: '', limit: 3 });
    const patterns: Record<string, string> = { 'I want a refund, the app is broken': 'refund', '太好用了，非常喜欢': '喜欢', 'Where is the export button?': 'export' };
    await insertTagRule(ctx.store.db, { id: 'tgr_last', site_id: ctx.site.id, pattern: patterns[order[2]!.text!]!, tag: 'later', created_at: ctx.clock.now() });
    const deleteRule = ctx.store.sqlite.prepare(`delete from tag_rules where id = 'tgr_last'`);
    await backfillResponses(ctx.store.db, { now: ctx.clock.now(), batch: 1, onProgress: (done) => done === 1 && deleteRule.run() });
    const tags = await ctx.store.db.selectFrom('response_tags').select('tag').where('tag', '=', 'later').execute();
    expect(tags).toEqual([]);
  });

  it('runs as npm run backfill on DATA_DIR, with a progress line on stderr', () => {
    const result = spawnSync(TSX, [CLI], { env: { ...process.env, DATA_DIR: ctx.dir }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Re-analysed 3 responses/);
    expect(result.stderr).toContain('[########################]  3/3  100.0%');
  });

  it('waits for the collector holding the write lock instead of failing the batch', async () => {
    const other = await holdWriteLock(join(ctx.dir, 'feedloop.sqlite'), 300);
    const { done } = await backfillResponses(ctx.store.db, { now: ctx.clock.now(), batch: 2 });
    await other.released;
    expect(done).toBe(3);
  });

  it('stops after the batch it is writing when told to, and a run given its last id goes on from there', async () => {
    const stop = new AbortController();
    const first = await backfillResponses(ctx.store.db, { now: ctx.clock.now(), batch: 2, signal: stop.signal, onProgress: (d) => d === 2 && stop.abort() });
    const ids = (await ctx.store.db.selectFrom('responses').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(first).toEqual({ done: 2, lastId: ids[1], stopped: true });
    const analysed = async () => (await ctx.store.db.selectFrom('responses').select(['id', 'sentiment']).orderBy('id').execute()).map((r) => r.sentiment !== null);
    expect(await analysed()).toEqual([true, true, false]);
    const progress: Array<[number, number]> = [];
    const rest = await backfillResponses(ctx.store.db, { now: ctx.clock.now(), batch: 2, afterId: first.lastId, onProgress: (d, t) => progress.push([d, t]) });
    expect(rest).toEqual({ done: 1, lastId: ids[2], stopped: false });
    expect(progress).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(await analysed()).toEqual([true, true, true]);
  });

  it('draws the progress line with count, percent and rate', () => {
    expect(progressLine(1200, 5000, 2000, 10)).toBe('[##........]  1,200/5,000  24.0%  600/s');
    expect(progressLine(0, 0, 0, 4)).toBe('[####]  0/0  100.0%  0/s');
  });
});
