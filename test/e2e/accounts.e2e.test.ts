import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_ENV } from './admin-api.ts';
import { type RunningCollector, launchBrowser, startCollector } from './support.ts';

let collector: RunningCollector;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
const errors: string[] = [];

const AGENT = { email: 'agent@example.test', password: 'agent password 1', newPassword: 'agent password 2' };
const VIEWER = { email: 'viewer@example.test', password: 'viewer password 1' };

async function newPage(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  // Removing and revoking ask for confirmation.
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page };
}

async function signInThroughForm(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${collector.url}/admin/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A locator wait rather than expect.poll: this also runs in beforeAll.
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 10_000 });
}

function menu(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
}

/** Calls the admin API from inside the page, with its cookie and the CSRF token the session gives. */
function apiStatus(page: Page, method: string, path: string, body?: unknown): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/admin/api/session')).json()) as { csrfToken: string };
      const res = await fetch(`/admin/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.status;
    },
    { method, path, body },
  );
}

/** Creates an invite on the Team page and returns the link it shows once. */
async function inviteFromTeamPage(email: string, role: 'agent' | 'viewer'): Promise<string> {
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  const form = admin.locator('section', { has: admin.getByRole('heading', { name: 'Invite someone' }) });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Create invite link' }).click();
  const link = form.getByLabel('Invite link');
  await expect.poll(() => link.inputValue()).toContain('#/invite/');
  const pending = admin.locator('section', { has: admin.getByRole('heading', { name: 'Pending invites' }) });
  await expect.poll(() => pending.getByRole('cell', { name: email, exact: true }).count()).toBe(1);
  return link.inputValue();
}

async function acceptInvite(page: Page, link: string, who: { email: string; password: string }, roleName: string) {
  await page.goto(link);
  await expect.poll(() => page.getByText(`You are invited as ${roleName} with ${who.email}.`).isVisible()).toBe(true);
  await page.getByLabel('Choose a password').fill(who.password);
  await page.getByLabel('Repeat the password').fill(who.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  // The used token left the address bar.
  expect(page.url()).not.toContain('/invite/');
}

beforeAll(async () => {
  collector = await startCollector(ADMIN_ENV);
  browser = await launchBrowser();
  ({ context: adminContext, page: admin } = await newPage());
  await signInThroughForm(admin, ADMIN);
});

afterAll(async () => {
  await adminContext?.close();
  await browser?.close();
  await collector?.stop();
});

describe('accounts and roles in the admin view', () => {
  it('the sign-in page speaks Chinese to a Chinese browser and translates a wrong password', async () => {
    const { context, page } = await newPage('zh-CN');
    await page.goto(`${collector.url}/admin/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('登录 Feedloop');
    await page.getByLabel('邮箱').fill(ADMIN.email);
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('邮箱或密码错误。');
    await page.getByLabel('语言').selectOption('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Feedloop');
    await context.close();
  });

  it('an admin invites an agent, who accepts in a fresh browser, signs in, sees the inbox but not Team, and is refused admin actions', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    // The least surprising role is offered first: agent, not admin.
    const inviteForm = admin.locator('section', { has: admin.getByRole('heading', { name: 'Invite someone' }) });
    await expect.poll(() => inviteForm.getByLabel('Role').inputValue()).toBe('agent');
    const link = await inviteFromTeamPage(AGENT.email, 'agent');
    expect(link).toMatch(new RegExp(`^${collector.url}/admin/#/invite/[A-Za-z0-9_-]{40,}$`));

    const { context, page } = await newPage();
    await acceptInvite(page, link, AGENT, 'Agent');
    expect(await menu(page)).toEqual(['Inbox', 'Dashboard', 'Surveys', 'Sites', 'Account']);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).getAttribute('aria-current')).toBe('page');

    // The link worked once.
    const again = await newPage();
    await again.page.goto(link);
    await expect.poll(() => again.page.getByRole('alert').textContent()).toContain('already used');
    await again.context.close();

    // Sign out, then in again with the chosen password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughForm(page, AGENT);
    expect(await menu(page)).not.toContain('Team');

    // Typing the Team address does not open it, and the API refuses what only admins may do.
    await page.goto(`${collector.url}/admin/#/team`);
    await expect.poll(() => page.getByText('There is no such page here').isVisible()).toBe(true);
    const siteId = await page.evaluate(async () => ((await (await fetch('/admin/api/sites')).json()) as { items: Array<{ id: string }> }).items[0]!.id);
    expect(await apiStatus(page, 'GET', '/invites')).toBe(403);
    expect(await apiStatus(page, 'POST', '/invites', { email: 'x@example.test', role: 'admin' })).toBe(403);
    expect(await apiStatus(page, 'PUT', `/sites/${siteId}/settings`, {})).toBe(403);
    expect(await apiStatus(page, 'POST', '/sites', { name: 'Mine' })).toBe(403);
    expect(await apiStatus(page, 'GET', '/responses')).toBe(200);
    await context.close();
  });

  it('an agent changes their password; their other session is signed out and the list shows it', async () => {
    const first = await newPage();
    const second = await newPage();
    await signInThroughForm(first.page, AGENT);
    await signInThroughForm(second.page, AGENT);
    await first.page.getByRole('link', { name: 'Account' }).click();
    const sessions = first.page.locator('section', { has: first.page.getByRole('heading', { name: 'Your sessions' }) });
    await expect.poll(() => sessions.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    expect(await sessions.getByText('This session').count()).toBe(1);
    expect(await sessions.getByRole('cell', { name: /Chrome on Linux/ }).count()).toBeGreaterThan(0);

    await first.page.getByLabel('Current password').fill(AGENT.password);
    await first.page.getByLabel('Choose a password').fill(AGENT.newPassword);
    await first.page.getByLabel('Repeat the password').fill(AGENT.newPassword);
    await first.page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => first.page.getByText('Password changed. Your other sessions were signed out.').isVisible()).toBe(true);
    // Only this session is left.
    await expect.poll(() => sessions.getByRole('row').count()).toBe(2);
    await second.page.reload();
    await expect.poll(() => second.page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await signInThroughForm(second.page, { email: AGENT.email, password: AGENT.newPassword });
    await first.context.close();
    await second.context.close();
  });

  it('a viewer cannot change anything: site fields disabled, no save buttons, no team, the API answers 403', async () => {
    const link = await inviteFromTeamPage(VIEWER.email, 'viewer');
    const { context, page } = await newPage();
    await acceptInvite(page, link, VIEWER, 'Viewer');
    expect(await menu(page)).not.toContain('Team');

    await page.getByRole('link', { name: 'Sites' }).click();
    await expect.poll(() => page.getByText('Only admins can change sites.').isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel('Accent colour').isVisible()).toBe(true);
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Allowed origins').isDisabled()).toBe(true);
    expect(await page.getByLabel('Accent colour').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'New site' }).count()).toBe(0);
    // Reading is allowed: the snippet is there to copy.
    expect(await page.getByRole('textbox', { name: 'Snippet' }).inputValue()).toContain('/widget.js');

    const siteId = await page.evaluate(async () => ((await (await fetch('/admin/api/sites')).json()) as { items: Array<{ id: string }> }).items[0]!.id);
    expect(await apiStatus(page, 'PATCH', `/sites/${siteId}`, { name: 'Renamed' })).toBe(403);
    expect(await apiStatus(page, 'PUT', `/sites/${siteId}/settings`, {})).toBe(403);
    expect(await apiStatus(page, 'PUT', '/account/password', { currentPassword: VIEWER.password, newPassword: 'short' })).toBe(422);
    await context.close();
  });

  it("an admin changes a member's role and removes them, and cannot demote the last admin", async () => {
    // The viewer joined after the list was loaded: open the page afresh.
    await admin.goto(`${collector.url}/admin/#/team`);
    await admin.reload();
    const role = admin.getByLabel(`Role of ${ADMIN.email}`);
    await expect.poll(() => role.isVisible()).toBe(true);
    await role.selectOption('viewer');
    await expect.poll(() => admin.getByRole('alert').first().textContent()).toContain('last admin');
    await expect.poll(() => role.inputValue()).toBe('admin');

    await admin.getByLabel(`Role of ${VIEWER.email}`).selectOption('agent');
    await expect.poll(() => admin.getByText(`${VIEWER.email} is now Agent.`).isVisible()).toBe(true);
    await admin.getByRole('button', { name: `Remove: ${VIEWER.email}` }).click();
    await expect.poll(() => admin.getByText(`${VIEWER.email} was removed.`).isVisible()).toBe(true);
    expect(await admin.getByLabel(`Role of ${VIEWER.email}`).count()).toBe(0);
  });

  it('an admin creates a site, edits its origins and widget look, and copies the snippet', async () => {
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: collector.url });
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    const create = admin.locator('section', { has: admin.getByRole('heading', { name: 'New site' }) });
    await create.getByLabel('Name').fill('Docs site');
    await create.getByLabel('Allowed origins').fill('https://docs.example/\nnot an origin');
    await create.getByRole('button', { name: 'Create site' }).click();
    await expect.poll(() => create.getByRole('alert').textContent()).toContain('line 2 of the origins is not an origin');
    await create.getByLabel('Allowed origins').fill('https://docs.example/');
    await create.getByRole('button', { name: 'Create site' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: 'Settings of "Docs site"' }).isVisible()).toBe(true);
    // The header's site picker moved to the new site.
    expect(await admin.locator('header select').first().locator('option:checked').textContent()).toBe('Docs site');

    const site = admin.locator('section', { has: admin.getByRole('heading', { name: 'Settings of "Docs site"' }) });
    expect(await site.getByLabel('Allowed origins').inputValue()).toBe('https://docs.example');
    await site.getByLabel('Allowed origins').fill('https://docs.example\nhttps://help.example');
    await site.getByRole('button', { name: 'Save name and origins' }).click();
    await expect.poll(() => site.getByText('Name and origins saved.').isVisible()).toBe(true);

    const widget = admin.locator('section', { has: admin.getByRole('heading', { name: 'Widget look and behaviour' }) });
    await widget.getByLabel('Accent colour').fill('#e11d48');
    await widget.getByLabel('Colour scheme').selectOption('dark');
    await widget.getByLabel('Default language').selectOption('zh-CN');
    await widget.getByLabel('Days between two surveys to the same person').fill('14');
    await widget.getByRole('button', { name: 'Save widget settings' }).click();
    await expect.poll(() => widget.getByText('Widget settings saved.').isVisible()).toBe(true);
    // After a reload the form shows what was stored.
    await admin.reload();
    await expect.poll(() => widget.getByLabel('Default language').inputValue()).toBe('zh-CN');
    expect(await widget.getByLabel('Colour scheme').inputValue()).toBe('dark');
    expect(await widget.getByLabel('Accent colour').inputValue()).toBe('#e11d48');

    const snippet = admin.locator('section', { has: admin.getByRole('heading', { name: 'Snippet' }) });
    await snippet.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => snippet.getByRole('status').textContent()).toBe('Copied to the clipboard.');
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^<script async src="http:\/\/localhost:\d+\/widget\.js" data-site="pk_[A-Za-z0-9_-]+"><\/script>$/);

    // What the widget of the new site will get.
    const key = /data-site="([^"]+)"/.exec(copied)![1]!;
    const config = (await (await fetch(`${collector.url}/v1/config?site=${key}`)).json()) as {
      settings: { theme: { accent: string; mode: string }; locale: string; recontactDays: number };
    };
    expect(config.settings).toMatchObject({ theme: { accent: '#e11d48', mode: 'dark' }, locale: 'zh-CN', recontactDays: 14 });
    expect(errors).toEqual([]);
  });
});
