import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { LiveResponseEvent } from '../../shared/schema/inbox.ts';
import { type AdminEnv, SESSION_COOKIE } from '../http/admin-auth.ts';
import { AppError } from '../services/app-error.ts';
import { authenticate } from '../services/auth.ts';
import type { Clock } from '../services/clock-ids.ts';
import { inboxItem, requireSite } from '../services/inbox.ts';
import type { LiveFeed } from '../services/live.ts';
import type { Database } from '../store/database.ts';

export interface LiveRouteDeps {
  db: Kysely<Database>;
  clock: Clock;
  live: LiveFeed;
  /** How often a quiet stream sends a ping and re-checks the session (15 s unless a test says otherwise). */
  heartbeatMs?: number;
}

/**
 * GET /admin/api/sites/:siteId/live: server-sent events of this site's new and changed responses.
 *  - `ready` once subscribed; `response` with `{ item }` (LiveResponseEvent) per stored change;
 *  - `ping` every heartbeat, after the session was checked again: a signed-out, revoked or
 *    expired session gets `signed-out` and the stream ends (so a stolen tab stops receiving).
 *    Responses are sent only after a check at most SESSION_RECHECK_MS old: a removed user or a
 *    revoked session must not go on reading new feedback until the next heartbeat.
 */
const SESSION_RECHECK_MS = 1000;

export function adminLiveRoutes(deps: LiveRouteDeps) {
  const app = new Hono<AdminEnv>();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;

  app.get('/sites/:siteId/live', async (c) => {
    const siteId = await requireSite(deps.db, c.req.param('siteId'));
    const token = getCookie(c, SESSION_COOKIE);
    return streamSSE(c, async (stream) => {
      const pending = new Set<string>();
      let wake: (() => void) | undefined;
      const nudge = () => {
        wake?.();
        wake = undefined;
      };
      const unsubscribe = deps.live.subscribe(siteId, (id) => {
        pending.add(id);
        nudge();
      });
      stream.onAbort(nudge);
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        let beatAt = Date.now() + heartbeatMs;
        // The session was checked when the stream was opened.
        let checkedAt = Date.now();
        const stillSignedIn = async (): Promise<boolean> => {
          checkedAt = Date.now();
          return authenticate(deps, token).then(
            () => true,
            (err: unknown) => {
              if (err instanceof AppError) return false;
              throw err;
            },
          );
        };
        while (!stream.aborted && !stream.closed) {
          if (pending.size === 0) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, Math.max(0, beatAt - Date.now()));
            });
            clearTimeout(timer);
          }
          if (pending.size > 0 && Date.now() - checkedAt > SESSION_RECHECK_MS && !(await stillSignedIn())) {
            await stream.writeSSE({ event: 'signed-out', data: '{}' });
            break;
          }
          for (const id of [...pending]) {
            pending.delete(id);
            // A response erased in the meantime is simply not sent.
            const item = await inboxItem(deps.db, siteId, id).catch(() => undefined);
            if (!item) continue;
            const event: LiveResponseEvent = { item };
            await stream.writeSSE({ event: 'response', id, data: JSON.stringify(event) });
          }
          if (Date.now() >= beatAt) {
            if (!(await stillSignedIn())) {
              await stream.writeSSE({ event: 'signed-out', data: '{}' });
              break;
            }
            await stream.writeSSE({ event: 'ping', data: String(deps.clock.now()) });
            beatAt = Date.now() + heartbeatMs;
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}
