import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * What the collector actually stored, read straight from its SQLite file (WAL mode lets a
 * second process read while the collector writes).
 */

export interface ResponseRow {
  id: string;
  idempotency_key: string;
  kind: string;
  category: string | null;
  text: string | null;
  score: number | null;
  scale: string | null;
  survey_id: string | null;
  answers: string | null;
  finished: number | null;
  locale: string | null;
  page_url: string | null;
  client_id: string | null;
  user_id: string | null;
  attributes: string | null;
}

export interface EventRow {
  type: string;
  survey_id: string | null;
  client_id: string | null;
  reason: string | null;
}

function withDb<T>(dataDir: string, readonly: boolean, use: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'feedloop.sqlite'), { readonly, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return use(db);
  } finally {
    db.close();
  }
}

/** Stored responses, oldest first; `surveyId` narrows to one survey. */
export function responseRows(dataDir: string, surveyId?: string): ResponseRow[] {
  return withDb(dataDir, true, (db) =>
    surveyId
      ? (db.prepare('SELECT * FROM responses WHERE survey_id = ? ORDER BY received_at, id').all(surveyId) as ResponseRow[])
      : (db.prepare('SELECT * FROM responses ORDER BY received_at, id').all() as ResponseRow[]),
  );
}

export function eventRows(dataDir: string, surveyId: string): EventRow[] {
  return withDb(dataDir, true, (db) =>
    db.prepare('SELECT type, survey_id, client_id, reason FROM events WHERE survey_id = ? ORDER BY received_at, id').all(surveyId) as EventRow[],
  );
}

/**
 * Adds an origin to a site's allowed origins. There is no admin route for it yet, so the test
 * writes the column itself; the collector reads the site on every request.
 */
export function allowOrigin(dataDir: string, siteId: string, origin: string): void {
  withDb(dataDir, false, (db) => {
    const row = db.prepare('SELECT allowed_origins FROM sites WHERE id = ?').get(siteId) as { allowed_origins: string };
    const origins = JSON.parse(row.allowed_origins) as string[];
    if (!origins.includes(origin)) origins.push(origin);
    db.prepare('UPDATE sites SET allowed_origins = ? WHERE id = ?').run(JSON.stringify(origins), siteId);
  });
}
