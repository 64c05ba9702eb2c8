import type { Kysely } from 'kysely';
import type { WidgetEvent } from '../../shared/schema/wire.ts';
import type { Database, NewEvent, Site } from '../store/database.ts';
import { insertEventOnce } from '../store/events.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import { findSurvey } from '../store/surveys.ts';
import { AppError } from './app-error.ts';
import type { Clock, Ids } from './clock-ids.ts';

/**
 * Records one widget event (impression, dismissal, completion) once per idempotency key. The
 * survey must be one of the site's: events of made-up surveys would only skew its figures.
 */
export async function recordEvent(
  deps: { db: Kysely<Database>; writes: GroupCommit; clock: Clock; ids: Ids },
  site: Site,
  event: WidgetEvent,
): Promise<{ id: string; receivedAt: number }> {
  if (!(await findSurvey(deps.db, site.id, event.surveyId))) {
    throw new AppError('survey_not_found', `No survey ${event.surveyId.slice(0, 64)} on this site; reload the page.`);
  }
  const row: NewEvent = {
    id: deps.ids.next('evt'),
    site_id: site.id,
    survey_id: event.surveyId,
    type: event.type,
    idempotency_key: event.idempotencyKey,
    client_id: event.clientId,
    user_id: event.userId ?? null,
    page_url: event.page?.url ?? null,
    reason: null,
    client_at: event.at ?? null,
    received_at: deps.clock.now(),
  };
  const stored = await deps.writes.run((trx) => insertEventOnce(trx, row));
  return { id: stored.id, receivedAt: stored.received_at };
}
