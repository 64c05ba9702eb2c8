import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { shellTexts } from '../i18n/shell.ts';
import { LOCALES, LOCALE_NAMES, type Locale, locale, setLocale, texts } from '../i18n/locale.ts';
import { session, signOut } from '../models/session.ts';
import { loadSites, selectSite, siteId, sites } from '../models/sites.ts';
import { AccountPage } from '../pages/AccountPage.tsx';
import { DashboardPage } from '../pages/DashboardPage.tsx';
import { InboxPage } from '../pages/InboxPage.tsx';
import { SitesPage } from '../pages/SitesPage.tsx';
import { SurveysPage } from '../pages/SurveysPage.tsx';
import { TeamPage } from '../pages/TeamPage.tsx';
import { href, section } from '../router.ts';

type Section = 'inbox' | 'dashboard' | 'surveys' | 'sites' | 'team' | 'account';

/** Each menu entry, its page, and who sees it (the API checks roles again on every call). */
const PAGES: Array<{ id: Section; page: ComponentType; adminOnly?: boolean }> = [
  { id: 'inbox', page: InboxPage },
  { id: 'dashboard', page: DashboardPage },
  { id: 'surveys', page: SurveysPage },
  { id: 'sites', page: SitesPage },
  { id: 'team', page: TeamPage, adminOnly: true },
  { id: 'account', page: AccountPage },
];


export function Shell() {
  const t = texts(shellTexts);
  const user = session.value!.user;
  useEffect(() => {
    void loadSites();
  }, []);
  const visible = PAGES.filter((p) => !p.adminOnly || user.role === 'admin');
  const current = visible.find((p) => p.id === section.value);
  const Page = current?.page;
  const roleName = { admin: t.roleAdmin, agent: t.roleAgent, viewer: t.roleViewer }[user.role];
  return (
    <>
      <header class="top">
        <strong class="brand">Feedloop</strong>
        <nav aria-label={t.nav} class="nav">
          {visible.map((p) => (
            <a key={p.id} href={href(`/${p.id}`)} aria-current={p.id === current?.id ? 'page' : undefined}>
              {t[p.id]}
            </a>
          ))}
        </nav>
        <span class="top-tools">
          <label>
            <span class="visually-hidden">{t.site}</span>
            <select value={siteId.value} onChange={(e) => selectSite(e.currentTarget.value)} disabled={!sites.value.length}>
              {sites.value.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class="visually-hidden">{t.language}</span>
            <select value={locale.value} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          <span class="who">
            {user.email} ({roleName})
          </span>
          <button type="button" onClick={() => void signOut()}>
            {t.signOut}
          </button>
        </span>
      </header>
      <main class="content" id="main">
        {Page ? <Page /> : <p class="empty">{t.notFound}</p>}
      </main>
    </>
  );
}
