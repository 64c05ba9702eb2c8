import type { Kysely } from 'kysely';
import type { SurveyDefinition } from '../../shared/schema/survey.ts';
import type { Ack, Answers, AnswerValue, ResponsePatch, SurveySubmission } from '../../shared/schema/wire.ts';
import { answersProblems, followUpKey } from '../../shared/survey-flow.ts';
import type { Database, NewEvent, Site, StoredResponse } from '../store/database.ts';
import { insertEventOnce } from '../store/events.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import { answeredOtherSurveySince, findRecentSurveyResponse, findResponseById, findResponseByKey } from '../store/responses.ts';
import { findSubmissionKey, insertSubmissionKey } from '../store/submission-keys.ts';
import type { WriteStatements } from '../store/write-statements.ts';
import { AppError } from './app-error.ts';
import type { Clock, Ids } from './clock-ids.ts';
import { updateScored } from './response-writes.ts';
import { type SpamReason, submissionReasons } from './spam.ts';
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
    // ":" is never in a client's key (IdempotencyKeySchema), so no widget event can take this one.
    idempotency_key: `rej:${sub.idempotencyKey}`,
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
  | { action: 'replay'; ack: Ack }
  | { action: 'update'; responseId: string; def: SurveyDefinition }
  | {
      action: 'insert';
      columns: { score: number | null; scale: string | null; text: string | null; answers: string; finished: number };
      def: SurveyDefinition;
      /** Whose earlier response an answer inside the recontact window updates (none for a survey without one). */
      person: SurveyPerson | undefined;
    };

export type SurveyPerson = Parameters<typeof findRecentSurveyResponse>[1];

/** The acknowledgement a response's submissions get, the first one and every later one alike. */
const ackOf = (stored: Pick<StoredResponse, 'id' | 'received_at'>): Ack => ({ id: stored.id, receivedAt: stored.received_at });

/**
 * The response a submission's key names — the key of the submission that made it, or of a later
 * one that updated it (submission_keys) — and the client that sent that submission.
 */
async function responseOfKey(db: Kysely<Database>, siteId: string, key: string): Promise<{ stored: StoredResponse; sender: string | null } | undefined> {
  const made = await findResponseByKey(db, siteId, key);
  if (made) return { stored: made, sender: made.client_id };
  const updated = await findSubmissionKey(db, siteId, key);
  const stored = updated && (await findResponseById(db, updated.response_id));
  return stored ? { stored, sender: updated.client_id } : undefined;
}

/** A key seen before: the acknowledgement its first request got. */
async function knownKey(db: Kysely<Database>, siteId: string, key: string): Promise<Ack | undefined> {
  const found = await responseOfKey(db, siteId, key);
  return found && ackOf(found.stored);
}

/**
 * Decides what a survey submission does, re-checking on the server what the widget enforces:
 * the answers fit the version they answered, the survey is open, and the person is not asked
 * too often. A second answer to the same survey inside its recontact window updates the first
 * (applySurveyUpdate).
 */
export async function planSurveySubmission(deps: SurveyIngestDeps, site: Site, sub: SurveySubmission): Promise<SurveyOutcome> {
  const seen = await knownKey(deps.db, site.id, sub.idempotencyKey);
  if (seen) {
    // Read outside the writer: the first request's group may be committed but not yet fsynced (or
    // its fsync failed). A job of the writer settles only once everything committed before it is
    // on disk, so the retry is not acknowledged before the original could be.
    await deps.writes.run(() => undefined);
    return { action: 'replay', ack: seen };
  }

  const now = deps.clock.now();
  const { survey, def } = await surveyVersion(deps.db, site.id, sub.surveyId, sub.surveyVersion);
  // What is required is asked of the response the answers end in: a second answer that says it
  // is finished may repeat only what it changes (applySurveyUpdate checks the merged answers).
  checkAnswers(def, sub.answers, false);
  const summary = summarize(def, sub.answers);

  const windowStart = now - def.caps.recontactDays * DAY;
  const person = { surveyId: survey.id, clientId: sub.clientId, userId: sub.userId, since: windowStart };
  const previous = def.caps.recontactDays > 0 ? await findRecentSurveyResponse(deps.db, person) : undefined;
  if (!previous) checkAnswers(def, sub.answers, sub.finished);
  // A full survey still takes a second answer: it changes a response, it does not add one.
  const closed = await closedReason(deps.db, survey, def, now, { counting: !previous });
  if (closed) await reject(deps, site, sub, 'survey_closed', `This survey is not collecting answers: ${closed}.`);
  if (previous) return { action: 'update', responseId: previous.id, def };
  const globalDays = siteSettings(site).recontactDays;
  if (
    globalDays > 0 &&
    (await answeredOtherSurveySince(deps.db, { ...person, siteId: site.id, since: now - globalDays * DAY }))
  ) {
    await reject(deps, site, sub, 'recontact_too_soon', `This person answered another survey in the last ${globalDays} days.`);
  }
  return {
    action: 'insert',
    columns: { ...summary, answers: JSON.stringify(sub.answers), finished: sub.finished ? 1 : 0 },
    def,
    person: def.caps.recontactDays > 0 ? person : undefined,
  };
}

/**
 * The person's response this answer updates, asked again inside the write transaction: two first
 * answers sent at once both planned an insert, and the later one must update the earlier instead.
 */
export async function responseToUpdate(trx: Kysely<Database>, person: SurveyPerson | undefined): Promise<string | undefined> {
  return person ? (await findRecentSurveyResponse(trx, person))?.id : undefined;
}

/** What an answer under `id` answers: the kind of question and its scale (a follow-up is its rating's text). */
function questionKind(def: SurveyDefinition, id: string): string | undefined {
  const question = def.questions.find((q) => q.id === id);
  if (question) return question.type === 'rating' ? `rating ${question.scale}` : question.type;
  const rated = def.questions.find((q) => q.type === 'rating' && q.followUp && followUpKey(q.id) === id);
  return rated?.type === 'rating' ? `follow-up ${rated.scale}` : undefined;
}

/**
 * The answers given under `from` that mean the same under `to`: their question is still there,
 * of the same kind and scale, and they fit it. A CES 5 kept under a question turned into CSAT
 * would read as a satisfied customer.
 */
function carriedOver(answers: Answers, from: SurveyDefinition, to: SurveyDefinition): Array<[string, AnswerValue]> {
  return Object.entries(answers).filter(
    ([id, answer]) => questionKind(from, id) === questionKind(to, id) && answersProblems(to, { [id]: answer }, false).length === 0,
  );
}

/**
 * Applies a second answer to the person's response (planSurveySubmission said 'update'), inside
 * the write transaction: the response is read again there, so answers committed meanwhile (a
 * follow-up, another submission) are merged with, not overwritten. Answers merge question by
 * question, the later one winning: a rating given again replaces the first, while the text of an
 * earlier follow-up the new submission does not repeat stays, and so does an earlier "finished".
 * The response keeps the newer of the two versions when the new answers carry over into it whole
 * (a page that loaded the survey before an edit); otherwise it moves to the version answered now.
 * The submission's key is recorded, so its retries replay and its follow-ups find the response.
 */
export async function applySurveyUpdate(
  trx: Kysely<Database>,
  sql: WriteStatements,
  input: { siteId: string; responseId: string; def: SurveyDefinition; sub: SurveySubmission; now: number; bursting: SpamReason[] },
): Promise<{ ack: Ack; replayed: boolean }> {
  const { sub, def, now } = input;
  // The same submission sent twice at once: the second finds the first's key here.
  const seen = await knownKey(trx, input.siteId, sub.idempotencyKey);
  if (seen) return { ack: seen, replayed: true };
  const stored = await findResponseById(trx, input.responseId);
  if (!stored) throw new AppError('response_not_found', 'The response to update is gone; send the answers again.');
  const storedVersion = stored.survey_version ?? sub.surveyVersion;
  const storedDef = storedVersion === sub.surveyVersion ? def : (await surveyVersion(trx, input.siteId, sub.surveyId, storedVersion)).def;
  const storedAnswers = JSON.parse(stored.answers ?? '{}') as Answers;
  // Earlier answers whose question is gone or changed in the version kept are left out.
  const merged = (target: SurveyDefinition): Answers => ({ ...Object.fromEntries(carriedOver(storedAnswers, storedDef, target)), ...sub.answers });
  const keepsNewer =
    storedVersion > sub.surveyVersion &&
    carriedOver(sub.answers, def, storedDef).length === Object.keys(sub.answers).length &&
    answersProblems(storedDef, merged(storedDef), sub.finished).length === 0;
  const [target, version] = keepsNewer ? [storedDef, storedVersion] : [def, sub.surveyVersion];
  const answers = merged(target);
  const finished = sub.finished || stored.finished === 1;
  // Required questions are asked of a submission that says it is complete, not of a partial one
  // updating a response finished earlier (perhaps under a version that did not ask them).
  checkAnswers(target, answers, sub.finished);
  const summary = summarize(target, answers);
  // Links are judged on the whole text (links split over several answers still add up), the
  // typing speed on the text this submission brought: text written in an earlier answer says
  // nothing about how fast this one came.
  const reasons = submissionReasons({
    hp: sub.hp,
    shownAt: sub.shownAt,
    receivedAt: now,
    text: summary.text,
    typed: summarize(def, sub.answers).text,
    bursting: input.bursting,
  });
  await updateScored(
    trx,
    sql,
    stored,
    {
      ...summary,
      answers: JSON.stringify(answers),
      finished: finished ? 1 : 0,
      survey_version: version,
      page_url: sub.page.url,
      page_title: sub.page.title ?? null,
      locale: sub.locale,
      attributes: sub.attributes ? JSON.stringify(sub.attributes) : stored.attributes,
      user_id: sub.userId ?? stored.user_id,
      updated_at: now,
    },
    reasons,
  );
  await insertSubmissionKey(trx, {
    site_id: input.siteId,
    idempotency_key: sub.idempotencyKey,
    response_id: stored.id,
    client_id: sub.clientId,
    received_at: now,
  });
  return { ack: ackOf(stored), replayed: false };
}

/**
 * Adds answers (the follow-up "why?", the rest of a micro-survey) to a stored response, found by
 * the idempotency key of the submission that created or last updated it. Only the client that
 * sent that submission may add to it. Read and write happen in one transaction, so two
 * follow-ups sent together both count.
 */
export async function patchSurveyResponse(deps: SurveyIngestDeps, site: Site, key: string, patch: ResponsePatch): Promise<Ack> {
  const now = deps.clock.now();
  return deps.writes.run(async (trx, sql) => {
    // Only the client that sent the keyed submission may add to it.
    const found = await responseOfKey(trx, site.id, key);
    const stored = found?.sender === patch.clientId ? found.stored : undefined;
    if (!stored || !stored.survey_id || stored.survey_version === null) {
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
    return ackOf(stored);
  });
}
