import type { Kysely } from 'kysely';
import type { Ack, Submission } from '../../shared/schema/wire.ts';
import type { Database, Site } from '../store/database.ts';
import { insertResponseOnce } from '../store/responses.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { classifyUserAgent } from './user-agent.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
}

export interface IngestContext {
  site: Site;
  channel: 'widget';
  userAgent: string | undefined;
}

/**
 * Stores one validated submission exactly once. Returns the acknowledgement, identical for the
 * original request and for every retry with the same idempotency key. The write is committed
 * (synchronous=FULL) before this resolves.
 */
export async function ingestSubmission(deps: IngestDeps, ctx: IngestContext, submission: Submission): Promise<Ack> {
  const ua = classifyUserAgent(ctx.userAgent);
  const { stored } = await insertResponseOnce(deps.db, {
    id: deps.ids.next('rsp'),
    site_id: ctx.site.id,
    idempotency_key: submission.idempotencyKey,
    channel: ctx.channel,
    kind: submission.kind,
    category: submission.category,
    text: submission.text,
    email: submission.email ?? null,
    score: null,
    scale: null,
    page_url: submission.page.url,
    page_title: submission.page.title ?? null,
    locale: submission.locale,
    device: ua.device,
    browser: ua.browser,
    os: ua.os,
    client_id: submission.clientId,
    user_id: null,
    received_at: deps.clock.now(),
  });
  return { id: stored.id, receivedAt: stored.received_at };
}
