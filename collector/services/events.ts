import type { WidgetEvent } from '../../shared/schema/wire.ts';
import type { NewEvent, Site } from '../store/database.ts';
import { insertEventOnce } from '../store/events.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { Clock, Ids } from './clock-ids.ts';

/** Records one widget event (impression, dismissal, completion) once per idempotency key. */
export async function recordEvent(
  deps: { writes: GroupCommit; clock: Clock; ids: Ids },
  site: Site,
  event: WidgetEvent,
): Promise<{ id: string; receivedAt: number }> {
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
