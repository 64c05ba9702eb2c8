import type { Config } from '../config.ts';
import type { Store } from '../store/open.ts';
import { countAdmins, insertAdmin } from '../store/admin-users.ts';
import { countSites, insertSite, listSites } from '../store/sites.ts';
import type { Site } from '../store/database.ts';
import { type Clock, type Ids, randomToken } from './clock-ids.ts';
import { hashPassword } from './passwords.ts';

export interface BootstrapResult {
  site: Site;
  /** Set only on the first start, when the admin account was just created. */
  createdAdmin?: { email: string; password: string; generated: boolean };
}

/**
 * First start: a default site whose allowed origins are the collector's own (so the example
 * page works at once) and an admin account. Later starts change nothing.
 */
export async function ensureDefaults(
  store: Store,
  config: Pick<Config, 'publicUrl' | 'port' | 'adminEmail' | 'adminPassword'>,
  deps: { clock: Clock; ids: Ids },
): Promise<BootstrapResult> {
  const now = deps.clock.now();
  if ((await countSites(store.db)) === 0) {
    const origins = new Set([
      new URL(config.publicUrl).origin,
      `http://localhost:${config.port}`,
      `http://127.0.0.1:${config.port}`,
    ]);
    await insertSite(store.db, {
      id: deps.ids.next('site'),
      public_key: `pk_${randomToken(12)}`,
      name: 'Default site',
      allowed_origins: JSON.stringify([...origins]),
      created_at: now,
    });
  }
  const [site] = await listSites(store.db);
  if (!site) throw new Error('No site after bootstrap');

  let createdAdmin: BootstrapResult['createdAdmin'];
  if ((await countAdmins(store.db)) === 0) {
    const generated = !config.adminPassword;
    const password = config.adminPassword ?? randomToken(12);
    const email = config.adminEmail.trim().toLowerCase();
    await insertAdmin(store.db, {
      id: deps.ids.next('usr'),
      email,
      password_hash: await hashPassword(password),
      role: 'admin',
      locked_until: null,
      created_at: now,
    });
    createdAdmin = { email, password, generated };
  }
  return { site, createdAdmin };
}
