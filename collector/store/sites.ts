import type { Kysely } from 'kysely';
import type { Database, NewSite, Site } from './database.ts';

let generation = 0;

/** Bumped by every site write through this process, so caches of sites know to look again. */
export function siteGeneration(): number {
  return generation;
}

export function findSiteByPublicKey(db: Kysely<Database>, publicKey: string): Promise<Site | undefined> {
  return db.selectFrom('sites').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
}

export function listSites(db: Kysely<Database>): Promise<Site[]> {
  return db.selectFrom('sites').selectAll().orderBy('created_at').execute();
}

export async function insertSite(db: Kysely<Database>, site: NewSite): Promise<void> {
  await db.insertInto('sites').values(site).execute();
  generation++;
}

export async function countSites(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sites').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findSiteById(db: Kysely<Database>, id: string): Promise<Site | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSiteSettings(db: Kysely<Database>, id: string, settings: string, now: number): Promise<void> {
  await db.updateTable('sites').set({ settings, updated_at: now }).where('id', '=', id).execute();
  generation++;
}

export async function updateSite(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string; allowed_origins?: string },
  now: number,
): Promise<void> {
  await db.updateTable('sites').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
  generation++;
}
