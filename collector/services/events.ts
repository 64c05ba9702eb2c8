import type { Kysely } from 'kysely';
import type { WidgetEvent } from '../../shared/schema/wire.ts';
import type { Database, Site } from '../store/database.ts';
import { insertEventOnce } from '../store/events.ts';
import type { Clock, Ids } from './clock-ids.ts';

/** Records one widget event (impression, dismissal, completion) once per idempotency key. */
export async function recordEvent(
  deps: { db: Kysely<Database>; clock: Clock; ids: Ids },
  site: Site,
  event: WidgetEvent,
): Promise<{ id: string; receivedAt: number }> {
  const stored = await insertEventOnce(deps.db, {
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
  });
  return { id: stored.id, receivedAt: stored.received_at };
}
