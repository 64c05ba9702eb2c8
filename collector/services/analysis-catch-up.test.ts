import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestContext, createTestContext, feedback, postResponse } from '../../test/helpers/context.ts';
import { createApp } from '../app.ts';
import type { StoredResponse } from '../store/database.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import { UNANALYSED } from '../store/response-analysis.ts';
import { type TextAnalyzer, inProcessAnalyzer } from './analysis/text-analyzer.ts';
import { type BacklogRunner, inProcessBacklog } from './analysis-backlog.ts';
import { threadBacklog } from './analysis-backlog-thread.ts';
import { AnalysisCatchUp } from './analysis-catch-up.ts';
import { randomIds } from './clock-ids.ts';
import { setIngestAnalysis } from './response-analysis.ts';

const contexts: TestContext[] = [];
afterEach(async () => {
  setIngestAnalysis(true);
  for (const ctx of contexts.splice(0)) await ctx.close();
});

/** A collector whose load probe answers `load.busy`. */
async function collector(load = { busy: false }, backlog?: BacklogRunner): Promise<TestContext> {
  const ctx = await createTestContext({}, { analysisLoad: { busy: () => load.busy }, backlog });
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
  const { rows } = await sql<{ n: number }>`select count(*) as n from responses where ${sql.raw(UNANALYSED)}`.execute(db);
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

/** The group commit, but the first catch-up write waits until `open()`: a batch read and analysed, not yet written. */
function gatedWrites(writes: GroupCommit) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const waiting = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  const gated = {
    run: (async (work) => {
      if (first) {
        first = false;
        reached();
        await opened;
      }
      return writes.run(work);
    }) as GroupCommit['run'],
  } as GroupCommit;
  return { writes: gated, open, waiting };
}

/**
 * A saturated collector whose own catch-up never answers, for a test that drives an
 * AnalysisCatchUp of its own on the same store.
 */
function quietCollector(): Promise<TestContext> {
  return collector({ busy: true }, { run: () => new Promise(() => undefined), close: async () => undefined });
}

/** Copies of a stored row, unanalysed, with the ids `${prefix}0000` …: a backlog of `n` texts. */
function backlog(ctx: TestContext, fromId: string, prefix: string, n: number): string[] {
  const columns = (ctx.store.sqlite.prepare('select name from pragma_table_info(?)').pluck().all('responses') as string[]).filter(
    (c) => c !== 'id' && c !== 'idempotency_key',
  );
  const copy = ctx.store.sqlite.prepare(
    `insert into responses (id, idempotency_key, ${columns.join(', ')}) select ?, ?, ${columns.join(', ')} from responses where id = ?`,
  );
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  for (const id of ids) copy.run(id, `key_${id}`, fromId);
  return ids;
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

  it('waits while the collector stays saturated, however long ago its last batch was, but not for ever', async () => {
    const load = { busy: false };
    const ctx = await collector(load);
    // The start's batch found nothing; long after it, a burst begins.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    load.busy = true;
    const id = await send(ctx, 'The invoices page is broken and times out every morning, awful');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await row(ctx, id)).sentiment_label).toBeNull();
    // Saturated for 2 s: a batch goes anyway.
    await caughtUp(ctx);
    expect((await row(ctx, id)).sentiment_label).toBe('neg');
    // Calm again: a catch-up still waiting for the load would go on looking after the test.
    load.busy = false;
  }, 15_000);

  it('fingerprints a text it leaves for later on the event loop, without the analysis thread', async () => {
    const asked: string[] = [];
    const thread: TextAnalyzer = { ...inProcessAnalyzer, prepare: (text, options) => (asked.push(text), inProcessAnalyzer.prepare(text, options)) };
    const ctx = await createTestContext({}, { analyzer: thread, analysisLoad: { busy: () => true } });
    contexts.push(ctx);
    const id = await send(ctx, 'The export button does nothing at all, please fix it');
    // Fingerprinted all the same: a copy joins its cluster.
    const copy = await send(ctx, 'The export button does nothing at all, please fix it!');
    expect((await row(ctx, copy)).duplicate_cluster_id).not.toBeNull();
    expect((await row(ctx, copy)).duplicate_cluster_id).toBe((await row(ctx, id)).duplicate_cluster_id);
    expect(asked).toEqual([]);
    // A long text still goes to the thread: it would hold the event loop up.
    await send(ctx, 'The export button does nothing at all. '.repeat(40));
    expect(asked).toHaveLength(1);
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

  it('analyses a text whose first copy was linked to its cluster while its analysis was under way', async () => {
    const ctx = await quietCollector();
    const id = await send(ctx, 'The checkout page crashes every single time I press the pay now button', { clientId: 'client_first000' });
    const gate = gatedWrites(ctx.store.writes);
    const catchUp = new AnalysisCatchUp({ runner: inProcessBacklog({ sqlite: ctx.store.sqlite, writes: gate.writes }), load: { busy: () => false } });
    catchUp.kick();
    await gate.waiting;
    // A copy arrives while the first text is being analysed: stored at once, it links the first
    // one to their cluster, which changes that row without analysing it.
    await send(ctx, 'The checkout page crashes every time I press the pay now button', { clientId: 'client_second00' });
    expect((await row(ctx, id)).duplicate_cluster_id).not.toBeNull();
    gate.open();
    await caughtUp(ctx);
    expect((await row(ctx, id)).sentiment_label).toBe('neg');
  });

  it('finds a row that sorts before the cursor when it was kicked in the middle of a pass', async () => {
    const ctx = await quietCollector();
    const template = await send(ctx, 'The export to CSV is missing half the columns');
    // 201 texts: two batches, the second begun after the kick below.
    backlog(ctx, template, 'rsp_m', 201);
    await ctx.store.db.deleteFrom('responses').where('id', '=', template).execute();
    const gate = gatedWrites(ctx.store.writes);
    const catchUp = new AnalysisCatchUp({ runner: inProcessBacklog({ sqlite: ctx.store.sqlite, writes: gate.writes }), load: { busy: () => false } });
    catchUp.kick();
    await gate.waiting;
    // Its id was made when its request came in, before the first batch was read; it is written
    // and kicks only now.
    const [late] = backlog(ctx, (await ctx.store.db.selectFrom('responses').select('id').executeTakeFirstOrThrow()).id, 'rsp_a', 1);
    catchUp.kick();
    gate.open();
    await caughtUp(ctx);
    expect((await row(ctx, late!)).sentiment_label).toBe('neg');
  });

  it('writes again a batch whose write failed, rather than passing over it', async () => {
    const ctx = await quietCollector();
    const template = await send(ctx, 'Support answered within minutes, thank you');
    backlog(ctx, template, 'rsp_f', 250);
    let failures = 1;
    const writes = {
      run: ((work) => (failures-- > 0 ? Promise.reject(new Error('SQLITE_BUSY')) : ctx.store.writes.run(work))) as typeof ctx.store.writes.run,
    } as typeof ctx.store.writes;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const catchUp = new AnalysisCatchUp({ runner: inProcessBacklog({ sqlite: ctx.store.sqlite, writes }), load: { busy: () => false } });
      catchUp.kick();
      // The first write fails; the retry comes 5 s later. (Commits wait for a real fsync, which
      // takes its time while the rest of the suite runs: a generous real-time deadline.)
      const deadline = Date.now() + 15_000;
      const until = async (done: () => boolean | Promise<boolean>, stepMs = 0) => {
        while (!(await done()) && Date.now() < deadline) {
          await vi.advanceTimersByTimeAsync(stepMs);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await until(() => failures < 1);
      await vi.advanceTimersByTimeAsync(5_000);
      // The clock goes on, so that a later batch whose write fails for real (a busy moment of the
      // suite's machine) is tried again too; a batch passed over would still never be written.
      await until(async () => (await countUnanalysed(ctx.store.db)) === 0, 1_000);
    } finally {
      vi.useRealTimers();
    }
    expect(await countUnanalysed(ctx.store.db)).toBe(0);
  });

  it('finds its backlog through the partial index, not by reading the table', async () => {
    const ctx = await collector();
    const plan = await sql<{ detail: string }>`explain query plan select id from responses
      where ${sql.raw(UNANALYSED)} and id > '' order by id limit 200`.execute(ctx.store.db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('responses_unanalysed');
  });

  it('analyses on a thread of its own what the event loop would have, and tells about each row it wrote', async () => {
    const saturated = await quietCollector();
    const calm = await collector();
    const texts = ['Refund please, the checkout is broken and support never answers!!', '界面很漂亮，但是加载太慢了', 'ok'];
    const later = await Promise.all(texts.map((text) => send(saturated, text, { attributes: { plan: 'enterprise' } })));
    const atOnce = await Promise.all(texts.map((text) => send(calm, text, { attributes: { plan: 'enterprise' } })));
    const told: string[] = [];
    const runner = threadBacklog(join(saturated.dir, 'feedloop.sqlite'));
    try {
      new AnalysisCatchUp({ runner, load: { busy: () => false }, onAnalysed: (_site, id) => told.push(id) }).kick();
      await caughtUp(saturated);
    } finally {
      await runner.close();
    }
    for (const [i, id] of later.entries()) expect(analysedColumns(await row(saturated, id))).toEqual(analysedColumns(await row(calm, atOnce[i]!)));
    expect(told.sort()).toEqual([...later].sort());
  }, 30_000);

  it('gives up only on a text whose analysis never ends or fails, and analyses the rest of its batch', async () => {
    const ctx = await quietCollector();
    const stalls = await send(ctx, 'this one never gets an analysis');
    const fails = await send(ctx, 'this one fails to be analysed');
    const fine = await send(ctx, 'Love the new dashboard');
    const told: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const runner = threadBacklog(join(ctx.dir, 'feedloop.sqlite'), {
      stallMs: 1500,
      script: new URL('../../test/fixtures/stalling-backlog-worker.ts', import.meta.url),
    });
    try {
      const catchUp = new AnalysisCatchUp({ runner, load: { busy: () => false }, onAnalysed: (_site, id) => told.push(id) });
      catchUp.kick();
      const deadline = Date.now() + 15_000;
      while (told.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(told).toEqual([fine]);
      expect((await row(ctx, fine)).sentiment_label).toBe('pos');
      expect((await row(ctx, stalls)).sentiment_label).toBeNull();
      expect((await row(ctx, fails)).sentiment_label).toBeNull();
      // Named once, then never tried again: another kick does not stall the thread a second time.
      catchUp.kick();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const stalled = errors.mock.calls.filter(([message]) => String(message).includes('did not end'));
      expect(stalled).toHaveLength(1);
      expect(String(stalled[0]![0])).toContain(stalls);
      expect(told).toEqual([fine]);
    } finally {
      errors.mockRestore();
      await runner.close();
    }
  }, 30_000);
});
