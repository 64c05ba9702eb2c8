import type { Kysely } from 'kysely';
import type { Ack, Submission } from '../../shared/schema/wire.ts';
import type { Database, NewResponse, Site } from '../store/database.ts';
import { insertResponseOnce, updateResponse } from '../store/responses.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { planSurveySubmission } from './survey-answers.ts';
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
  const row: NewResponse = {
    id: deps.ids.next('rsp'),
    site_id: ctx.site.id,
    idempotency_key: submission.idempotencyKey,
    channel: ctx.channel,
    kind: submission.kind,
    category: null,
    text: null,
    email: null,
    score: null,
    scale: null,
    page_url: submission.page.url,
    page_title: submission.page.title ?? null,
    locale: submission.locale,
    device: ua.device,
    browser: ua.browser,
    os: ua.os,
    client_id: submission.clientId,
    user_id: submission.userId ?? null,
    attributes: submission.attributes ? JSON.stringify(submission.attributes) : null,
    received_at: deps.clock.now(),
  };

  if (submission.kind === 'feedback') {
    row.category = submission.category;
    row.text = submission.text;
    row.email = submission.email ?? null;
  } else {
    const plan = await planSurveySubmission(deps, ctx.site, submission);
    if (plan.action === 'replay') return { id: plan.stored.id, receivedAt: plan.stored.received_at };
    if (plan.action === 'update') {
      await updateResponse(deps.db, plan.stored.id, plan.patch);
      return { id: plan.stored.id, receivedAt: plan.stored.received_at };
    }
    Object.assign(row, plan.columns, { survey_id: submission.surveyId, survey_version: submission.surveyVersion });
  }

  const { stored } = await insertResponseOnce(deps.db, row);
  return { id: stored.id, receivedAt: stored.received_at };
}
