// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { useAdminView } from '../../../test/helpers/admin-view.ts';
import { ADMIN } from '../../../test/helpers/context.ts';
import { Login } from '../components/Login.tsx';
import { setLocale } from '../i18n/locale.ts';
import { session } from '../models/session.ts';
import { loadSites, siteId } from '../models/sites.ts';
import { InvitePage } from './InvitePage.tsx';
import { SitesPage } from './SitesPage.tsx';

// The pages against a real collector in-process: fetch goes to the app with the cookie and
// Origin a browser on the collector's origin would send.
const view = useAdminView();

async function settle(until: () => boolean = () => true) {
  for (let i = 0; i < 300 && !until(); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 60));
}

function type(selector: string, value: string) {
  const input = view.root.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function submit() {
  view.root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

const text = () => view.root.textContent ?? '';

describe('sign-in page', () => {
  it('speaks Chinese and translates a wrong password', async () => {
    setLocale('zh-CN');
    session.value = null;
    render(<Login />, view.root);
    expect(view.root.querySelector('h1')!.textContent).toBe('登录 Feedloop');
    expect([...view.root.querySelectorAll('label')].map((l) => l.firstChild?.textContent)).toContain('邮箱');
    type('input[name=email]', ADMIN.email);
    type('input[name=password]', 'not the password');
    submit();
    await settle(() => view.root.querySelector('[role=alert]')!.textContent !== '');
    expect(view.root.querySelector('[role=alert]')!.textContent).toBe('邮箱或密码错误。');
  });
});

describe('invite page', () => {
  it('checks the password here first, then creates the account, signs in and leaves the link', async () => {
    const res = await fetch('/admin/api/invites', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': view.csrf },
      body: JSON.stringify({ email: 'new.agent@example.test', role: 'agent' }),
    });
    expect(res.status).toBe(201);
    const { link } = (await res.json()) as { link: string };
    session.value = null;
    location.hash = link.slice(link.indexOf('#'));
    await settle(() => location.hash.startsWith('#/invite/'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    render(<InvitePage />, view.root);
    await settle(() => text().includes('new.agent@example.test'));
    expect(text()).toContain('You are invited as Agent with new.agent@example.test.');

    type('input[name=new-password]', 'short');
    type('input[name=repeat-password]', 'short');
    submit();
    await settle();
    expect(view.root.querySelector('[role=alert]')!.textContent).toBe('The password needs at least 10 characters.');

    type('input[name=new-password]', 'long enough password');
    type('input[name=repeat-password]', 'long enough passwort');
    submit();
    await settle();
    expect(view.root.querySelector('[role=alert]')!.textContent).toBe('The two passwords are not the same.');

    type('input[name=repeat-password]', 'long enough password');
    submit();
    await settle(() => session.peek() != null);
    expect(session.peek()?.user).toMatchObject({ email: 'new.agent@example.test', role: 'agent' });
    await settle(() => location.hash === '#/inbox');
    expect(location.hash).toBe('#/inbox');
  });
});

describe('sites page', () => {
  it('shows a viewer the settings with every field disabled and no save or create button', async () => {
    session.value = { user: { ...view.admin, role: 'viewer' }, csrfToken: view.csrf };
    await loadSites();
    siteId.value = view.ctx.site.id;
    render(<SitesPage />, view.root);
    await settle(() => view.root.querySelector('input[name=accent]') !== null);
    const fieldsets = [...view.root.querySelectorAll('fieldset')];
    expect(fieldsets.length).toBe(2);
    expect(fieldsets.every((f) => f.disabled)).toBe(true);
    expect(view.root.querySelectorAll('button[type=submit]').length).toBe(0);
    expect(text()).toContain('Only admins can change sites.');
    expect(view.root.querySelector<HTMLTextAreaElement>('.copy-field textarea')!.value).toContain(view.ctx.site.public_key);
  });

  it('lets an admin save the widget look, and what is stored is what the widget gets', async () => {
    session.value = { user: { ...view.admin, role: 'admin' }, csrfToken: view.csrf };
    await loadSites();
    siteId.value = view.ctx.site.id;
    render(<SitesPage />, view.root);
    await settle(() => view.root.querySelector('input[name=accent]') !== null);
    type('input[name=radius]', '4');
    const mode = view.root.querySelector<HTMLSelectElement>('select[name=mode]')!;
    mode.value = 'light';
    mode.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    view.root.querySelectorAll('form')[1]!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle(() => text().includes('Widget settings saved.'));
    expect(text(), text()).toContain('Widget settings saved.');
    const config = (await (await fetch(`/v1/config?site=${view.ctx.site.public_key}`)).json()) as {
      settings: { theme: { radius: number; mode: string } };
    };
    expect(config.settings.theme).toMatchObject({ radius: 4, mode: 'light' });
  });
});
