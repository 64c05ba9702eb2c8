import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  type BatchItemResult,
  BatchSchema,
  EventBatchSchema,
  EventSchema,
  ResponsePatchSchema,
  SubmissionSchema,
} from '../../shared/schema/wire.ts';
import { limitBody, readJson, validate } from '../http/body.ts';
import { type SenderEnv, clientIdsOf, limitSender } from '../http/sender.ts';
import { siteCors } from '../http/site-cors.ts';
import { AppError } from '../services/app-error.ts';
import { recordEvent } from '../services/events.ts';
import { type IngestDeps, ingestSubmission } from '../services/ingest.ts';
import type { IpHasher } from '../services/ip-hash.ts';
import type { LiveFeed } from '../services/live.ts';
import type { IngestLimits } from '../services/rate-limits.ts';
import { siteConfig } from '../services/site-config.ts';
import { SiteCache } from '../services/sites.ts';
import { patchSurveyResponse } from '../services/survey-answers.ts';
import { etagMatches } from '../http/etag.ts';

/**
 * Runs `handle` for one item, or for each item of a batch, answering a batch item by item:
 * good items are stored, bad ones are reported by index with their error.
 */
async function oneOrMany<T>(
  body: unknown,
  batchSchema: v.GenericSchema<unknown, Record<string, unknown[]>>,
  key: string,
  handle: (item: unknown) => Promise<T>,
): Promise<{ single: T } | { results: Array<BatchItemResult> }> {
  if (typeof body !== 'object' || body === null || !(key in body)) return { single: await handle(body) };
  const items = validate(batchSchema, body)[key]!;
  const results: BatchItemResult[] = [];
  for (const [index, item] of items.entries()) {
    try {
      results.push({ index, ...((await handle(item)) as { id: string; receivedAt: number }) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const error = { code: err.code, message: err.message, ...(err.field !== undefined ? { field: err.field } : {}) };
      results.push({ index, error });
    }
  }
  return { results };
}

function answer(c: Context, outcome: { single: unknown } | { results: unknown }) {
  return c.json('single' in outcome ? outcome.single : outcome, 200);
}

export interface IngestGuards {
  maxBodyBytes: number;
  trustProxy: number;
  hasher: IpHasher;
  limits: IngestLimits;
  /** Told about each response after it is durably stored, for the admin view's live stream. */
  live?: LiveFeed;
}

/** The public endpoints the widget calls, all under /v1 with ?site=<public key>. */
export function ingestRoutes(deps: IngestDeps, guards: IngestGuards) {
  const app = new Hono<SenderEnv>();
  const body = limitBody(guards.maxBodyBytes);
  const sender = limitSender(guards);
  const sites = new SiteCache(deps.db, deps.clock);
  /** The body as JSON, once its clients have spent their rate-limit tokens. */
  const readLimited = async (c: Context<SenderEnv>, listKey?: string) => {
    const json = await readJson(c);
    guards.limits.takeClients(c.get('site').id, clientIdsOf(json, listKey));
    return json;
  };

  app.use('/config', siteCors(deps.db, 'GET', { readOnly: true }));
  app.get('/config', async (c) => {
    const { body: json, etag } = await siteConfig(deps.db, c.get('site'), deps.clock.now());
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
    c.header('ETag', etag);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(json);
  });

  // Site, origin and rate limits are checked before the body is read: a stranger's bytes cost us nothing.
  app.use('/responses', siteCors(deps.db, 'POST', { cache: sites }), sender);
  app.post('/responses', body, async (c) => {
    const site = c.get('site');
    const context = { site, channel: 'widget' as const, userAgent: c.req.header('user-agent'), ipHash: c.get('ipHash'), ipLimitKey: c.get('ipLimitKey') };
    const outcome = await oneOrMany(await readLimited(c, 'batch'), BatchSchema, 'batch', async (item) => {
      const ack = await ingestSubmission(deps, context, validate(SubmissionSchema, item));
      guards.live?.publish(site.id, ack.id);
      return ack;
    });
    return answer(c, outcome);
  });

  // PATCH for API clients; POST too, because sendBeacon can only POST and a text/plain POST
  // needs no CORS preflight.
  app.use('/responses/:key', siteCors(deps.db, 'POST, PATCH', { cache: sites }), sender);
  const addAnswers = async (c: Context<SenderEnv>) => {
    const patch = validate(ResponsePatchSchema, await readLimited(c));
    const ack = await patchSurveyResponse(deps, c.get('site'), c.req.param('key')!, patch);
    guards.live?.publish(c.get('site').id, ack.id);
    return c.json(ack, 200);
  };
  app.patch('/responses/:key', body, addAnswers);
  app.post('/responses/:key', body, addAnswers);

  app.use('/events', siteCors(deps.db, 'POST', { cache: sites }), sender);
  app.post('/events', body, async (c) => {
    const site = c.get('site');
    const outcome = await oneOrMany(await readLimited(c, 'events'), EventBatchSchema, 'events', (item) =>
      recordEvent(deps, site, validate(EventSchema, item)),
    );
    return answer(c, outcome);
  });
  return app;
}
