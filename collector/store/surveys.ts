import type { Kysely } from 'kysely';
import type { Database, Survey } from './database.ts';

export interface SurveyRow extends Survey {
  definition: string;
}

/** Surveys of a site with the definition of their current version. */
export function listSurveysWithDefinition(
  db: Kysely<Database>,
  siteId: string,
  statuses?: Array<Survey['status']>,
): Promise<SurveyRow[]> {
  let query = db
    .selectFrom('surveys as s')
    .innerJoin('survey_versions as v', (join) => join.onRef('v.survey_id', '=', 's.id').onRef('v.version', '=', 's.version'))
    .selectAll('s')
    .select('v.definition')
    .where('s.site_id', '=', siteId);
  if (statuses) query = query.where('s.status', 'in', statuses);
  return query.orderBy('s.created_at').execute();
}

export function findSurvey(db: Kysely<Database>, siteId: string, surveyId: string): Promise<Survey | undefined> {
  return db.selectFrom('surveys').selectAll().where('site_id', '=', siteId).where('id', '=', surveyId).executeTakeFirst();
}

export async function findSurveyVersion(
  db: Kysely<Database>,
  surveyId: string,
  version: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('survey_versions')
    .select('definition')
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.definition;
}

export async function insertSurvey(db: Kysely<Database>, survey: Survey, definition: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('surveys').values(survey).execute();
    await trx
      .insertInto('survey_versions')
      .values({ survey_id: survey.id, version: survey.version, definition, created_at: survey.created_at })
      .execute();
  });
}

/**
 * Saves a new version and makes it current; old versions stay for the responses that used them.
 * Without a status the survey keeps the one it has, read in the same transaction. The new
 * version and the status it ended with; or, when `baseVersion` is given and is no longer the
 * current version (someone saved meanwhile), nothing is written and the current version comes back.
 */
export async function insertSurveyVersion(
  db: Kysely<Database>,
  survey: Pick<Survey, 'id' | 'name'> & { status: Survey['status'] | undefined },
  definition: string,
  now: number,
  baseVersion?: number,
): Promise<Pick<Survey, 'version' | 'status'> | { conflict: number }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('surveys').select(['version', 'status']).where('id', '=', survey.id).executeTakeFirstOrThrow();
    if (baseVersion !== undefined && baseVersion !== current.version) return { conflict: current.version };
    const version = current.version + 1;
    const status = survey.status ?? current.status;
    await trx.insertInto('survey_versions').values({ survey_id: survey.id, version, definition, created_at: now }).execute();
    await trx.updateTable('surveys').set({ version, name: survey.name, status, updated_at: now }).where('id', '=', survey.id).execute();
    return { version, status };
  });
}

export async function setSurveyStatus(
  db: Kysely<Database>,
  surveyId: string,
  status: Survey['status'],
  now: number,
): Promise<void> {
  await db.updateTable('surveys').set({ status, updated_at: now }).where('id', '=', surveyId).execute();
}

/** Every version of one survey, newest first, with how many responses answered each. */
export async function listSurveyVersions(
  db: Kysely<Database>,
  surveyId: string,
): Promise<Array<{ version: number; definition: string; created_at: number; responses: number }>> {
  const [versions, counts] = await Promise.all([
    db.selectFrom('survey_versions').select(['version', 'definition', 'created_at']).where('survey_id', '=', surveyId).orderBy('version', 'desc').execute(),
    // One pass over the survey's responses (index responses_survey_client), grouped by version.
    db
      .selectFrom('responses')
      .select((eb) => ['survey_version', eb.fn.countAll<number>().as('n')])
      .where('survey_id', '=', surveyId)
      .groupBy('survey_version')
      .execute(),
  ]);
  const byVersion = new Map(counts.map((c) => [c.survey_version, Number(c.n)]));
  return versions.map((v) => ({ ...v, responses: byVersion.get(v.version) ?? 0 }));
}
