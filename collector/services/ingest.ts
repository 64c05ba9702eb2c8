import type { Kysely } from 'kysely';
import type { Ack, Submission } from '../../shared/schema/wire.ts';
import type { Database, NewResponse, Site } from '../store/database.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { TextAnalyzer } from './analysis/text-analyzer.ts';
import type { AnalysisCatchUp } from './analysis-catch-up.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { prepareText, siteMatcher } from './response-analysis.ts';
import { insertScored } from './response-writes.ts';
import { type BurstWatch, type SpamReason, submissionReasons } from './spam.ts';
import { applySurveyUpdate, planSurveySubmission, responseToUpdate } from './survey-answers.ts';
import { classifyUserAgent } from './user-agent.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  writes: GroupCommit;
  clock: Clock;
  ids: Ids;
  bursts: BurstWatch;
  /** Where texts are analysed before their write: a thread of its own in the running collector. */
  analyzer: TextAnalyzer;
  /**
   * Where a text's analysis goes while the collector is saturated: stored without it, the text is
   * analysed as soon as the load allows. Without it every text is analysed before its write.
   */
  catchUp?: Pick<AnalysisCatchUp, 'deferNow' | 'kick'>;
}

export interface IngestContext {
  site: Site;
  channel: 'widget';
  userAgent: string | undefined;
  /** The sender's hashed network address; null when there is none (no socket, e.g. in-process tests). */
  ipHash: string | null;
  /** The key of the address's burst count (services/ip-hash.ts SenderHashes.limit); null with ipHash. */
  ipLimitKey: string | null;
}

// A module-level function, not a closure per request: the collector runs through tsx, which
// names every closure it makes (esbuild's keepNames), and that showed in the ingest profile.
function spamReasons(submission: Submission, receivedAt: number, bursting: SpamReason[], text: string | null): SpamReason[] {
  return submissionReasons({ hp: submission.hp, shownAt: submission.shownAt, receivedAt, text, bursting });
}

/**
 * Stores one validated submission exactly once, scored for spam and placed in its duplicate
 * cluster. Returns the acknowledgement, identical for the original request and for every retry
 * with the same idempotency key, and only after the write is committed to disk.
 */
export async function ingestSubmission(deps: IngestDeps, ctx: IngestContext, submission: Submission): Promise<Ack> {
  const now = deps.clock.now();
  const ua = classifyUserAgent(ctx.userAgent);
  const row: NewResponse & { ip_hash: string | null } = {
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
    received_at: now,
    ip_hash: ctx.ipHash,
  };
  const bursting = deps.bursts.observe(ctx.site.id, submission.clientId, ctx.ipLimitKey);
  let outcome: Stored;
  try {
    outcome = await store(deps, ctx, submission, row, bursting);
  } catch (error) {
    deps.bursts.unobserve(ctx.site.id, submission.clientId, ctx.ipLimitKey, bursting);
    throw error;
  }
  if (outcome.replayed) deps.bursts.unobserve(ctx.site.id, submission.clientId, ctx.ipLimitKey, bursting);
  return outcome.ack;
}

/** A submission's acknowledgement, and whether it was the stored answer to an earlier request with its key. */
interface Stored {
  ack: Ack;
  replayed: boolean;
}

const inserted = (row: { id: string }, ack: Ack): Stored => ({ ack, replayed: ack.id !== row.id });

async function store(
  deps: IngestDeps,
  ctx: IngestContext,
  submission: Submission,
  row: NewResponse & { ip_hash: string | null },
  bursting: SpamReason[],
): Promise<Stored> {
  const now = row.received_at;
  // The text's analysis and fingerprint and the site's tag rules are ready before the write: the
  // transaction (which every queued request waits behind) does only the cluster lookup, priority
  // and inserts.
  const tags = await siteMatcher(deps.db, ctx.site.id);
  // Saturated: the text is stored without waiting for its analysis, which the catch-up adds.
  const later = deps.catchUp?.deferNow() ?? false;
  if (submission.kind === 'feedback') {
    row.category = submission.category;
    row.text = submission.text;
    row.email = submission.email ?? null;
    const prepared = { ...(await prepareText(deps.analyzer, row.text, row.locale, ctx.site.id, later)), tags };
    const ack = await deps.writes.run((_trx, sql) => insertScored(sql, row, spamReasons(submission, now, bursting, row.text ?? null), prepared));
    if (later) deps.catchUp?.kick();
    return inserted(row, ack);
  }

  const plan = await planSurveySubmission(deps, ctx.site, submission);
  if (plan.action === 'replay') return { ack: plan.ack, replayed: true };
  if (plan.action === 'update') {
    const update = { siteId: ctx.site.id, responseId: plan.responseId, def: plan.def, sub: submission, now, bursting };
    return deps.writes.run((trx, sql) => applySurveyUpdate(trx, sql, update));
  }
  Object.assign(row, plan.columns, { survey_id: submission.surveyId, survey_version: submission.surveyVersion });
  const prepared = { ...(await prepareText(deps.analyzer, row.text, row.locale, ctx.site.id, later)), tags };
  const { def, person } = plan;
  const stored = await deps.writes.run(async (trx, sql) => {
    const earlier = await responseToUpdate(trx, person);
    if (earlier) return applySurveyUpdate(trx, sql, { siteId: ctx.site.id, responseId: earlier, def, sub: submission, now, bursting });
    return inserted(row, insertScored(sql, row, spamReasons(submission, now, bursting, row.text ?? null), prepared));
  });
  if (later && row.text) deps.catchUp?.kick();
  return stored;
}
