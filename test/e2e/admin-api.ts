import type { SiteSettings } from '../../shared/schema/site-config.ts';
import type { PublishedSurvey, SurveyInput } from '../../shared/schema/survey.ts';
import type { RunningCollector } from './support.ts';

/** The admin account every browser test starts its collector with. */
export const ADMIN = { email: 'owner@example.test', password: 'e2e password 123' };
export const ADMIN_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

export interface AdminClient {
  /** The default site: every example page and host page in these tests carries its key. */
  site: { id: string; publicKey: string };
  createSurvey(input: SurveyInput): Promise<PublishedSurvey>;
  putSettings(settings: Partial<SiteSettings>): Promise<void>;
}

/** Signs in through `POST /admin/api/session` and drives the admin API the way the admin view does. */
export async function signIn(collector: RunningCollector): Promise<AdminClient> {
  const base = `${collector.url}/admin/api`;
  const login = await fetch(`${base}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: collector.url },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, origin: collector.url, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  const { items } = await call<{ items: Array<{ id: string; publicKey: string }> }>('GET', '/sites');
  const site = { id: items[0]!.id, publicKey: items[0]!.publicKey };
  return {
    site,
    createSurvey: (input) => call('POST', `/sites/${site.id}/surveys`, input),
    putSettings: async (settings) => void (await call('PUT', `/sites/${site.id}/settings`, settings)),
  };
}
