import type { Kysely } from 'kysely';
import type { SurveyDefinition } from '../../shared/schema/survey.ts';
import type { Ack, Answers, ResponsePatch, SurveySubmission } from '../../shared/schema/wire.ts';
import { answersProblems } from '../../shared/survey-flow.ts';
import type { Database, NewEvent, Site, StoredResponse } from '../store/database.ts';
import { insertEventOnce } from '../store/events.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import {
  type ResponseChanges,
  answeredOtherSurveySince,
  findRecentSurveyResponse,
  findResponseByKey,
} from '../store/responses.ts';
import { AppError } from './app-error.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { updateScored } from './response-writes.ts';
import { submissionReasons } from './spam.ts';
import { siteSettings } from './site-config.ts';
import { closedReason, surveyVersion } from './surveys.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface SurveyIngestDeps {
  db: Kysely<Database>;
  writes: GroupCommit;
  clock: Clock;
  ids: Ids;
}

/** The columns dashboards and search read, derived from the answers: first rating, all text. */
export function summarize(def: SurveyDefinition, answers: Answers): { score: number | null; scale: string | null; text: string | null } {
  const rating = def.questions.find((q) => q.type === 'rating' && typeof answers[q.id] === 'number');
  const texts = Object.entries(answers)
    .filter(([id, value]) => typeof value === 'string' && value.trim() !== '' && !def.questions.some((q) => q.id === id && q.type !== 'text'))
    .map(([, value]) => (value as string).trim());
  return {
    score: rating ? (answers[rating.id] as number) : null,
    scale: rating?.type === 'rating' ? rating.scale : null,
    text: texts.length ? texts.join('\n') : null,
  };
}

function checkAnswers(def: SurveyDefinition, answers: Answers, finished: boolean): void {
  const problems = answersProblems(def, answers, finished);
  if (problems.length) {
    const first = problems[0]!;
    throw new AppError('validation_failed', `${first.path}: ${first.message}`, { field: first.path, issues: problems.slice(0, 20) });
  }
}

async function reject(deps: SurveyIngestDeps, site: Site, sub: SurveySubmission, reason: 'survey_closed' | 'recontact_too_soon', message: string): Promise<never> {
  // Refused answers are recorded, so the team can see how often caps bite.
  const row: NewEvent = {
    id: deps.ids.next('evt'),
    site_id: site.id,
    survey_id: sub.surveyId,
    type: 'rejected',
    idempotency_key: `rej_${sub.idempotencyKey}`,
    client_id: sub.clientId,
    user_id: sub.userId ?? null,
    page_url: sub.page.url,
    reason,
    client_at: null,
    received_at: deps.clock.now(),
  };
  await deps.writes.run((trx) => insertEventOnce(trx, row));
  throw new AppError(reason, message);
}

export type SurveyOutcome =
  | { action: 'replay'; stored: StoredResponse }
  | { action: 'update'; stored: StoredResponse; patch: ResponseChanges & { updated_at: number } }
  | { action: 'insert'; columns: { score: number | null; scale: string | null; text: string | null; answers: string; finished: number } };

/**
 * Decides what a survey submission does, re-checking on the server what the widget enforces:
 * the answers fit the version they answered, the survey is open, and the person is not asked
 * too often. A second answer to the same survey inside its recontact window updates the first.
 */
export async function planSurveySubmission(deps: SurveyIngestDeps, site: Site, sub: SurveySubmission): Promise<SurveyOutcome> {
  const existing = await findResponseByKey(deps.db, site.id, sub.idempotencyKey);
  if (existing) return { action: 'replay', stored: existing };

  const now = deps.clock.now();
  const { survey, def } = await surveyVersion(deps.db, site.id, sub.surveyId, sub.surveyVersion);
  checkAnswers(def, sub.answers, sub.finished);
  const summary = summarize(def, sub.answers);

  const windowStart = now - def.caps.recontactDays * DAY;
  const person = { surveyId: survey.id, clientId: sub.clientId, userId: sub.userId, since: windowStart };
  const previous = def.caps.recontactDays > 0 ? await findRecentSurveyResponse(deps.db, person) : undefined;
  if (previous) {
    return {
      action: 'update',
      stored: previous,
      patch: {
        ...summary,
        answers: JSON.stringify(sub.answers),
        finished: sub.finished ? 1 : 0,
        survey_version: sub.surveyVersion,
        page_url: sub.page.url,
        page_title: sub.page.title ?? null,
        locale: sub.locale,
        attributes: sub.attributes ? JSON.stringify(sub.attributes) : previous.attributes,
        user_id: sub.userId ?? previous.user_id,
        updated_at: now,
      },
    };
  }

  const closed = await closedReason(deps.db, survey, def, now);
  if (closed) await reject(deps, site, sub, 'survey_closed', `This survey is not collecting answers: ${closed}.`);
  const globalDays = siteSettings(site).recontactDays;
  if (
    globalDays > 0 &&
    (await answeredOtherSurveySince(deps.db, { ...person, siteId: site.id, since: now - globalDays * DAY }))
  ) {
    await reject(deps, site, sub, 'recontact_too_soon', `This person answered another survey in the last ${globalDays} days.`);
  }
  return { action: 'insert', columns: { ...summary, answers: JSON.stringify(sub.answers), finished: sub.finished ? 1 : 0 } };
}

/**
 * Adds answers (the follow-up "why?", the rest of a micro-survey) to a stored response, found by
 * the idempotency key of the submission that created it. Only the same client may add to it.
 * Read and write happen in one transaction, so two follow-ups sent together both count.
 */
export async function patchSurveyResponse(deps: SurveyIngestDeps, site: Site, key: string, patch: ResponsePatch): Promise<Ack> {
  const now = deps.clock.now();
  return deps.writes.run(async (trx, sql) => {
    const stored = await findResponseByKey(trx, site.id, key);
    if (!stored || stored.client_id !== patch.clientId || !stored.survey_id || stored.survey_version === null) {
      throw new AppError('response_not_found', 'No response of yours with that key; send the answers as a new response.');
    }
    const { def } = await surveyVersion(trx, site.id, stored.survey_id, stored.survey_version);
    const answers: Answers = { ...(JSON.parse(stored.answers ?? '{}') as Answers), ...patch.answers };
    const finished = patch.finished || stored.finished === 1;
    checkAnswers(def, answers, finished);
    const summary = summarize(def, answers);
    const reasons = submissionReasons({ hp: undefined, shownAt: undefined, receivedAt: now, text: summary.text });
    await updateScored(
      trx,
      sql,
      stored,
      { ...summary, answers: JSON.stringify(answers), finished: finished ? 1 : 0, updated_at: now },
      reasons,
    );
    return { id: stored.id, receivedAt: stored.received_at };
  });
}
