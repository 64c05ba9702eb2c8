import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { SiteSettingsSchema } from '../../shared/schema/site-config.ts';
import { loadConfig } from '../config.ts';
import { randomIds, systemClock } from '../services/clock-ids.ts';
import { createSurvey, listSurveys, updateSurvey } from '../services/surveys.ts';
import { openStore } from '../store/open.ts';
import { findSiteByPublicKey, listSites, updateSiteSettings } from '../store/sites.ts';
import { existingDatabase } from './existing-database.ts';

/**
 * `npm run seed -- <file.json> [site public key]`: applies a seed file of surveys (and optional
 * widget settings) to a site, by default the first one. A survey whose name already exists is
 * saved as a new version of it, so running the same seed twice changes nothing visible.
 */
const SeedSchema = v.strictObject({
  settings: v.optional(SiteSettingsSchema),
  surveys: v.array(v.unknown()),
});

async function main(): Promise<void> {
  const [file, siteKey] = process.argv.slice(2);
  if (!file) throw new Error('Usage: npm run seed -- <file.json> [site public key]');
  const seed = v.parse(SeedSchema, JSON.parse(readFileSync(resolve(file), 'utf8')));
  const config = loadConfig(process.env);
  const store = await openStore(existingDatabase(config.dataDir));
  try {
    const site = siteKey ? await findSiteByPublicKey(store.db, siteKey) : (await listSites(store.db))[0];
    if (!site) throw new Error('No such site; start the collector once (npm start) to create the default site.');
    const deps = { db: store.db, clock: systemClock, ids: randomIds };
    if (seed.settings) await updateSiteSettings(store.db, site.id, JSON.stringify(seed.settings), systemClock.now());
    const existing = await listSurveys(store.db, site.id);
    for (const input of seed.surveys) {
      const name = (input as { name?: unknown }).name;
      const match = existing.find((s) => s.name === name);
      const saved = match ? await updateSurvey(deps, site.id, match.id, input) : await createSurvey(deps, site.id, input);
      console.log(`${match ? 'updated' : 'created'} ${saved.id} v${saved.version} ${saved.name}`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
