import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.ts';

export function healthRoutes(db: Kysely<Database>) {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(db);
    return c.json({ status: 'ok', database: 'ok' });
  });
  return app;
}
