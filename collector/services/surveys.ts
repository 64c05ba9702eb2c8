import type { Kysely } from 'kysely';
import * as v from 'valibot';
import {
  type PublishedSurvey,
  type SurveyVersionItem,
  type SurveyDefinition,
  SurveyInputSchema,
  surveyProblems,
} from '../../shared/schema/survey.ts';
import type { Database, Survey } from '../store/database.ts';
import {
  findSurvey,
  findSurveyVersion,
  insertSurvey,
  insertSurveyVersion,
  listSurveysWithDefinition,
  listSurveyVersions,
  setSurveyStatus,
} from '../store/surveys.ts';
import { countSurveyResponses } from '../store/responses.ts';
import { AppError } from './app-error.ts';
import type { Clock, Ids } from './clock-ids.ts';

export interface SurveyDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
}

/** Validates a definition: shape first (422 naming the field), then cross-field rules. */
export function parseSurveyInput(input: unknown): SurveyDefinition {
  const result = v.safeParse(SurveyInputSchema, input);
  if (!result.success) {
    const issues = result.issues.slice(0, 20).map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));
    throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { field: issues[0]!.path, issues });
  }
  const problems = surveyProblems(result.output);
  if (problems.length > 0) {
    const issues = problems.map((p) => ({ path: p.split(':')[0]!, message: p }));
    throw new AppError('validation_failed', problems[0]!, { field: issues[0]!.path, issues });
  }
  return result.output;
}

export function published(survey: Survey, definition: string): PublishedSurvey {
  return { ...(JSON.parse(definition) as SurveyDefinition), id: survey.id, version: survey.version, status: survey.status, name: survey.name };
}

export async function createSurvey(deps: SurveyDeps, siteId: string, input: unknown): Promise<PublishedSurvey> {
  const def = parseSurveyInput(input);
  const now = deps.clock.now();
  const survey: Survey = {
    id: deps.ids.next('srv'),
    site_id: siteId,
    name: def.name,
    status: def.status,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  const definition = JSON.stringify(def);
  await insertSurvey(deps.db, survey, definition);
  return published(survey, definition);
}

/**
 * Saves an edit as a new version; responses keep pointing at the version they answered. An edit
 * that names no status keeps the survey's status as it is when the version is written: the schema
 * fills in `active` for a new survey, and an edit sent without one (an API client, an editor
 * opened before another admin paused or archived the survey) would otherwise bring it back live.
 * With `baseVersion` (the version the edit was made on: the admin editor sends it), an edit made
 * on a version someone has replaced since is refused rather than silently undoing theirs.
 */
export async function updateSurvey(
  deps: SurveyDeps,
  siteId: string,
  surveyId: string,
  input: unknown,
  baseVersion?: number,
): Promise<PublishedSurvey> {
  const existing = await findSurvey(deps.db, siteId, surveyId);
  if (!existing) throw new AppError('survey_not_found', `No survey ${surveyId.slice(0, 64)} on this site.`);
  const def = parseSurveyInput(input);
  const status = typeof input === 'object' && input !== null && 'status' in input ? def.status : undefined;
  const definition = JSON.stringify(def);
  const saved = await insertSurveyVersion(deps.db, { id: surveyId, name: def.name, status }, definition, deps.clock.now(), baseVersion);
  if ('conflict' in saved) {
    throw new AppError(
      'survey_changed',
      `Someone saved version ${saved.conflict} of this survey after you opened version ${baseVersion}. Your changes are not saved: copy what you need, reload the survey to see theirs, then make yours again.`,
    );
  }
  return published({ ...existing, name: def.name, ...saved }, definition);
}

export async function changeSurveyStatus(deps: SurveyDeps, siteId: string, surveyId: string, status: Survey['status']): Promise<void> {
  const existing = await findSurvey(deps.db, siteId, surveyId);
  if (!existing) throw new AppError('survey_not_found', `No survey ${surveyId.slice(0, 64)} on this site.`);
  await setSurveyStatus(deps.db, surveyId, status, deps.clock.now());
}

export async function listSurveys(db: Kysely<Database>, siteId: string): Promise<PublishedSurvey[]> {
  const rows = await listSurveysWithDefinition(db, siteId);
  return rows.map((row) => published(row, row.definition));
}

/**
 * Why a survey takes no answers now (it must be active, inside its schedule and under its
 * response cap), if it does not. `counting: false` for an answer that changes
 * a response instead of adding one: the response cap does not stop it.
 */
export async function closedReason(
  db: Kysely<Database>,
  survey: Survey,
  def: SurveyDefinition,
  now: number,
  { counting = true }: { counting?: boolean } = {},
): Promise<string | undefined> {
  if (survey.status !== 'active') return `the survey is ${survey.status}`;
  if (def.caps.startsAt !== undefined && now < def.caps.startsAt) return 'the survey has not started yet';
  if (def.caps.endsAt !== undefined && now >= def.caps.endsAt) return 'the survey has ended';
  if (counting && def.caps.maxResponses !== undefined && (await countSurveyResponses(db, survey.id)) >= def.caps.maxResponses) {
    return 'the survey has all the responses it asked for';
  }
  return undefined;
}

/** The surveys the widget may show now. */
export async function liveSurveys(db: Kysely<Database>, siteId: string, now: number): Promise<PublishedSurvey[]> {
  const rows = await listSurveysWithDefinition(db, siteId, ['active']);
  const live: PublishedSurvey[] = [];
  for (const row of rows) {
    const survey = published(row, row.definition);
    if (!(await closedReason(db, row, survey, now))) live.push(survey);
  }
  return live;
}

/** The definition a response answered, at the version it names. */
export async function surveyVersion(
  db: Kysely<Database>,
  siteId: string,
  surveyId: string,
  version: number,
): Promise<{ survey: Survey; def: SurveyDefinition }> {
  const survey = await findSurvey(db, siteId, surveyId);
  const definition = survey ? await findSurveyVersion(db, surveyId, version) : undefined;
  if (!survey || !definition) {
    throw new AppError('survey_not_found', `No survey ${surveyId.slice(0, 64)} version ${version} on this site; reload the page.`);
  }
  return { survey, def: JSON.parse(definition) as SurveyDefinition };
}

/** A survey's version history: what each version asked, and how many responses answered it. */
export async function surveyVersions(db: Kysely<Database>, siteId: string, surveyId: string): Promise<SurveyVersionItem[]> {
  const survey = await findSurvey(db, siteId, surveyId);
  if (!survey) throw new AppError('survey_not_found', `No survey ${surveyId.slice(0, 64)} on this site.`);
  const rows = await listSurveyVersions(db, surveyId);
  return rows.map((row) => ({
    version: row.version,
    createdAt: row.created_at,
    responses: row.responses,
    definition: JSON.parse(row.definition) as SurveyDefinition,
  }));
}
