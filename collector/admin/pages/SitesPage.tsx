import { useEffect, useState } from 'preact/hooks';
import type { SiteSettings, Theme } from '../../../shared/schema/site-config.ts';
import { CopyField } from '../components/CopyField.tsx';
import { TagRulesPanel } from '../components/TagRulesPanel.tsx';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';
import { tagRuleTexts } from '../i18n/tag-rules.ts';
import {
  createSite,
  createStatus,
  loadSettings,
  parseOrigins,
  saveSettings,
  saveSite,
  settings,
  settingsFor,
  siteStatus,
  widgetStatus,
} from '../models/site-admin.ts';
import { session } from '../models/session.ts';
import { currentSite, siteId } from '../models/sites.ts';
import '../styles/accounts.css';

/** Sites: create one, and for the site picked in the header its origins, widget look and snippet. */
export function SitesPage() {
  const t = texts(accountTexts);
  const isAdmin = session.value!.user.role === 'admin';
  const site = currentSite.value;
  useEffect(() => {
    if (siteId.value) void loadSettings(siteId.value);
  }, [siteId.value]);
  return (
    <div class="accounts">
      <h1>{t.sitesTitle}</h1>
      <p class="muted">{t.sitesIntro}</p>
      {!isAdmin && <p class="note">{t.readOnly}</p>}

      {site && (
        <>
          <section class="panel" aria-labelledby="site-heading">
            <h2 id="site-heading">{t.editing(site.name)}</h2>
            <form
              key={site.id}
              class="stack-form"
              onSubmit={(event) => {
                event.preventDefault();
                const data = new FormData(event.currentTarget);
                void saveSite(
                  site.id,
                  { name: String(data.get('name') ?? ''), allowedOrigins: parseOrigins(String(data.get('origins') ?? '')) },
                  t.siteSaved,
                );
              }}
            >
              <fieldset disabled={!isAdmin}>
                <label>
                  {t.siteName}
                  <input name="name" defaultValue={site.name} required maxLength={100} />
                </label>
                <label>
                  {t.origins}
                  <textarea
                    name="origins"
                    rows={4}
                    spellcheck={false}
                    defaultValue={site.allowedOrigins.join('\n')}
                    aria-describedby="origins-help"
                  />
                </label>
                <p id="origins-help" class="muted small">
                  {t.originsHelp}
                </p>
              </fieldset>
              <p class="muted small">
                {t.publicKey}: <code>{site.publicKey}</code>
              </p>
              <p class="error" role="alert">
                {siteStatus.error.value}
              </p>
              <p class="status-line" role="status">
                {siteStatus.notice.value}
              </p>
              {isAdmin && (
                <div>
                  <button type="submit" disabled={siteStatus.busy.value !== null}>
                    {siteStatus.busy.value ? t.saving : t.saveSite}
                  </button>
                </div>
              )}
            </form>
          </section>

          <section class="panel" aria-labelledby="widget-heading">
            <h2 id="widget-heading">{t.widgetHeading}</h2>
            {settings.value && settingsFor.value === site.id ? (
              <WidgetForm key={site.id} siteId={site.id} initial={settings.value} isAdmin={isAdmin} />
            ) : (
              <p class={widgetStatus.error.value ? 'error' : 'muted'} role="status">
                {widgetStatus.error.value ? t.loadFailed(widgetStatus.error.value) : t.loading}
              </p>
            )}
          </section>

          <section class="panel" aria-labelledby="snippet-heading">
            <h2 id="snippet-heading">{t.snippetHeading}</h2>
            <p class="muted">{t.snippetHelp}</p>
            <CopyField label={t.snippetHeading} value={site.snippet} multiline />
          </section>

          <section class="panel" aria-labelledby="tag-rules-heading">
            <h2 id="tag-rules-heading">{texts(tagRuleTexts).heading}</h2>
            <TagRulesPanel />
          </section>
        </>
      )}

      {isAdmin && <NewSiteForm />}
    </div>
  );
}

function WidgetForm({ siteId: id, initial, isAdmin }: { siteId: string; initial: SiteSettings; isAdmin: boolean }) {
  const t = texts(accountTexts);
  // The preview follows the form as it is edited, before anything is saved.
  const [theme, setTheme] = useState<Theme>(initial.theme);
  // Functional updates: two quick edits (type a radius, then pick a mode) must not undo each other.
  const change = <K extends keyof Theme>(key: K, value: Theme[K]) => setTheme((prev) => ({ ...prev, [key]: value }));
  const busy = widgetStatus.busy.value;
  return (
    <form
      class="stack-form"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const locale = String(data.get('locale') ?? '');
        const next: SiteSettings = {
          theme,
          launcher: data.get('launcher') === 'on',
          recontactDays: Number(data.get('recontactDays')),
          respectDoNotTrack: data.get('respectDoNotTrack') === 'on',
          ...(locale === 'en' || locale === 'zh-CN' ? { locale } : {}),
        };
        void saveSettings(id, next, t.widgetSaved);
      }}
    >
      <fieldset disabled={!isAdmin} class="widget-grid">
        <label>
          {t.accent}
          <input type="color" name="accent" value={theme.accent} onInput={(e) => change('accent', e.currentTarget.value)} />
        </label>
        <label>
          {t.position}
          <select
            name="position"
            value={theme.position}
            onChange={(e) => change('position', e.currentTarget.value as Theme['position'])}
          >
            <option value="bottom-right">{t.position_bottom_right}</option>
            <option value="bottom-left">{t.position_bottom_left}</option>
          </select>
        </label>
        <label>
          {t.mode}
          <select name="mode" value={theme.mode} onChange={(e) => change('mode', e.currentTarget.value as Theme['mode'])}>
            <option value="auto">{t.mode_auto}</option>
            <option value="light">{t.mode_light}</option>
            <option value="dark">{t.mode_dark}</option>
          </select>
        </label>
        <label>
          {t.radius}
          <input
            type="number"
            name="radius"
            min={0}
            max={32}
            step={1}
            required
            value={theme.radius}
            onInput={(e) => change('radius', Math.min(32, Math.max(0, Number(e.currentTarget.value) || 0)))}
          />
        </label>
        <label>
          {t.locale}
          <select name="locale">
            {/* `selected`, not the select's defaultValue: Preact has no defaultValue for selects. */}
            <option value="" selected={initial.locale === undefined}>
              {t.locale_auto}
            </option>
            <option value="en" lang="en" selected={initial.locale === 'en'}>
              English
            </option>
            <option value="zh-CN" lang="zh-CN" selected={initial.locale === 'zh-CN'}>
              简体中文
            </option>
          </select>
        </label>
        <label>
          {t.recontact}
          <input
            type="number"
            name="recontactDays"
            min={0}
            max={3650}
            step={1}
            required
            defaultValue={String(initial.recontactDays)}
            aria-describedby="recontact-help"
          />
        </label>
        <p id="recontact-help" class="muted small span-all">
          {t.recontactHelp}
        </p>
        <label class="check span-all">
          <input type="checkbox" name="launcher" defaultChecked={initial.launcher} />
          {t.launcher}
        </label>
        <label class="check span-all">
          <input type="checkbox" name="respectDoNotTrack" defaultChecked={initial.respectDoNotTrack} />
          {t.dnt}
        </label>
      </fieldset>
      <div
        class={`widget-preview mode-${theme.mode} ${theme.position}`}
        role="img"
        aria-label={`${t.preview}: ${theme.accent}, ${theme.radius}px`}
      >
        <span class="preview-button" style={{ background: theme.accent, borderRadius: `${theme.radius}px` }}>
          {t.previewButton}
        </span>
      </div>
      <p class="error" role="alert">
        {widgetStatus.error.value}
      </p>
      <p class="status-line" role="status">
        {widgetStatus.notice.value}
      </p>
      {isAdmin && (
        <div>
          <button type="submit" disabled={busy !== null}>
            {busy === 'save' ? t.saving : t.saveWidget}
          </button>
        </div>
      )}
    </form>
  );
}

function NewSiteForm() {
  const t = texts(accountTexts);
  const busy = createStatus.busy.value !== null;
  return (
    <section class="panel" aria-labelledby="new-site-heading">
      <h2 id="new-site-heading">{t.newSite}</h2>
      <form
        class="stack-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          void createSite(
            { name: String(data.get('name') ?? ''), allowedOrigins: parseOrigins(String(data.get('origins') ?? '')) },
            (created) => t.siteCreated(created.name),
          ).then((created) => {
            if (created) form.reset();
          });
        }}
      >
        <label>
          {t.siteName}
          <input name="name" required maxLength={100} />
        </label>
        <label>
          {t.origins}
          <textarea name="origins" rows={3} spellcheck={false} placeholder="https://shop.example" aria-describedby="new-origins-help" />
        </label>
        <p id="new-origins-help" class="muted small">
          {t.originsHelp}
        </p>
        <p class="error" role="alert">
          {createStatus.error.value}
        </p>
        <p class="status-line" role="status">
          {createStatus.notice.value}
        </p>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? t.saving : t.createSite}
          </button>
        </div>
      </form>
    </section>
  );
}
