// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFeedback, useAdminView } from '../../../../test/helpers/admin-view.ts';
import { setLocale } from '../../i18n/locale.ts';
import { filter } from '../../models/inbox.ts';
import { session } from '../../models/session.ts';
import { siteId } from '../../models/sites.ts';
import { InboxPage } from '../../pages/InboxPage.tsx';
import { FilterBar } from './FilterBar.tsx';

// The inbox page against a real collector in-process: the admin view's fetch goes to the app
// with the session cookie and Origin a browser on the collector's origin would send.
const view = useAdminView((ctx) =>
  storeFeedback(ctx, ['The checkout button does nothing at all', '退款一直没有到账，请尽快处理', 'Lovely new colours in the app']),
);

beforeEach(() => {
  session.value = { user: { ...view.admin, role: 'admin' }, csrfToken: 'x' };
  siteId.value = view.ctx.site.id;
});

/** Waits for a condition, then long enough for Preact's effects (run after paint) to have run. */
async function settle(until: () => boolean = () => true) {
  for (let i = 0; i < 300 && !until(); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 60));
}

async function go(hash: string) {
  location.hash = hash;
  await settle(() => location.hash === hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await settle();
}

const field = <T extends Element>(selector: string) => view.root.querySelector<T>(selector)!;

function choose(name: string, value: string) {
  const select = field<HTMLSelectElement>(`.inbox-filters select[name="${name}"]`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('filter bar ↔ address', () => {
  it('shows the filter the address holds', async () => {
    await go('#/inbox?status=resolved&sentiment=neg&q=%E9%80%80%E6%AC%BE&sort=priority');
    render(<FilterBar />, view.root);
    await settle();
    expect(field<HTMLSelectElement>('select[name="status"]').value).toBe('resolved');
    expect(field<HTMLSelectElement>('select[name="sentiment"]').value).toBe('neg');
    expect(field<HTMLSelectElement>('select[name="sort"]').value).toBe('priority');
    expect(field<HTMLInputElement>('input[name="q"]').value).toBe('退款');
    await go('#/inbox?status=new&channel=csv-import');
    expect(field<HTMLSelectElement>('select[name="status"]').value).toBe('new');
    expect(field<HTMLSelectElement>('select[name="channel"]').value).toBe('csv-import');
    expect(field<HTMLSelectElement>('select[name="sentiment"]').value).toBe('');
    expect(field<HTMLSelectElement>('select[name="sort"]').value).toBe('newest');
    expect(field<HTMLInputElement>('input[name="q"]').value).toBe('');
  });

  it('writes each change into the address, keeping the other filters', async () => {
    await go('#/inbox?status=new');
    render(<FilterBar />, view.root);
    await settle();
    choose('sentiment', 'neg');
    await settle(() => location.hash.includes('sentiment'));
    expect(location.hash).toBe('#/inbox?status=new&sentiment=neg');
    const search = field<HTMLInputElement>('input[name="q"]');
    search.value = ' 没有到账 ';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    field<HTMLButtonElement>('form[role="search"] button[type="submit"]').click();
    await settle(() => location.hash.includes('q='));
    expect(filter.value).toEqual({ q: '没有到账', sentiment: 'neg', status: 'new' });
    choose('status', '');
    await settle(() => !location.hash.includes('status'));
    expect(filter.value).toEqual({ q: '没有到账', sentiment: 'neg' });
    const tag = field<HTMLInputElement>('input[name="tag"]');
    tag.value = 'billing';
    tag.dispatchEvent(new Event('input', { bubbles: true }));
    tag.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle(() => location.hash.includes('tag='));
    expect(filter.value.tag).toBe('billing');
    [...view.root.querySelectorAll('button')].find((b) => b.textContent === 'Clear filters')!.click();
    await settle(() => location.hash === '#/inbox');
    expect(filter.value).toEqual({});
  });
});

describe('inbox page', () => {
  it('lists the filtered responses from the server and opens one', async () => {
    await go(`#/inbox?q=${encodeURIComponent('退款')}`);
    render(<InboxPage />, view.root);
    await settle(() => view.root.querySelectorAll('.inbox-list .response').length === 1);
    const rows = view.root.querySelectorAll('.inbox-list .response');
    expect(rows.length, view.root.textContent ?? '').toBe(1);
    expect(rows[0]!.textContent).toContain('退款一直没有到账');
    rows[0]!.querySelector<HTMLButtonElement>('.response-open')!.click();
    await settle(() => !!view.root.querySelector('#inbox-detail .detail-text'));
    expect(view.root.querySelector('#inbox-detail .detail-text')!.textContent).toBe('退款一直没有到账，请尽快处理');
    expect(view.root.querySelector('#inbox-detail select[name="status"]')).not.toBeNull();
    expect(view.root.querySelectorAll('.response-check').length).toBe(1);
  });

  it('shows viewers no write controls', async () => {
    session.value = { user: { ...view.admin, role: 'viewer' }, csrfToken: 'x' };
    await go('#/inbox');
    render(<InboxPage />, view.root);
    await settle(() => view.root.querySelectorAll('.inbox-list .response').length === 3);
    view.root.querySelector<HTMLButtonElement>('.response-open')!.click();
    await settle(() => !!view.root.querySelector('#inbox-detail .detail-text'));
    expect(view.root.querySelectorAll('.response-check').length).toBe(0);
    expect(view.root.querySelector('#inbox-detail select')).toBeNull();
    expect(view.root.querySelector('#inbox-detail textarea')).toBeNull();
    expect(view.root.querySelector('.inbox-bulk')).toBeNull();
    expect(view.root.textContent).toContain('You have read-only access.');
  });

  it('keeps keyboard focus among the tags after removing one: next, else previous, else the add-tag field', async () => {
    await go('#/inbox');
    render(<InboxPage />, view.root);
    await settle(() => view.root.querySelectorAll('.inbox-list .response').length === 3);
    const row = view.root.querySelector<HTMLElement>('.inbox-list .response')!;
    for (const tag of ['alpha', 'beta', 'gamma']) {
      const res = await fetch(`/admin/api/sites/${view.ctx.site.id}/inbox/${row.dataset.id}/tags`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': view.csrf },
        body: JSON.stringify({ tag }),
      });
      expect(res.status).toBe(200);
    }
    row.querySelector<HTMLButtonElement>('.response-open')!.click();
    await settle(() => view.root.querySelectorAll('#inbox-detail .chip-remove').length === 3);
    const removeButton = (tag: string) => view.root.querySelector<HTMLButtonElement>(`#inbox-detail .chip-remove[aria-label="Remove tag ${tag}"]`);
    async function remove(tag: string, left: number) {
      const button = removeButton(tag)!;
      button.focus();
      button.click();
      await settle(() => view.root.querySelectorAll('#inbox-detail .chip-remove').length === left);
    }

    await remove('beta', 2);
    expect(document.activeElement).toBe(removeButton('gamma'));
    await remove('gamma', 1);
    expect(document.activeElement).toBe(removeButton('alpha'));
    await remove('alpha', 0);
    expect(document.activeElement).toBe(view.root.querySelector('#inbox-detail .detail-add-tag input[name="tag"]'));
  });

  it('names types, devices and channels in Chinese, in the list, the detail and the filters', async () => {
    setLocale('zh-CN');
    await go('#/inbox?q=%E9%80%80%E6%AC%BE');
    render(<InboxPage />, view.root);
    await settle(() => view.root.querySelectorAll('.inbox-list .response').length === 1);
    const row = view.root.querySelector('.inbox-list .response')!;
    expect(row.querySelector('.badge')!.textContent).toBe('问题');
    const device = (label: string) => ({ desktop: '桌面', mobile: '手机', tablet: '平板', bot: '机器人', unknown: '未知设备' })[label];
    const [stored] = (await (await fetch(`/admin/api/sites/${view.ctx.site.id}/inbox?q=%E9%80%80%E6%AC%BE`)).json()).items;
    // The test's User-Agent is Safari on macOS; a class with no brand ("other") is worded in Chinese.
    const brand = (code: string, other: string) => ({ safari: 'Safari', chrome: 'Chrome', macos: 'macOS', windows: 'Windows' })[code] ?? other;
    expect(row.querySelector('.device')!.textContent).toBe(`${device(stored.device)} · ${brand(stored.browser, '其他浏览器')}`);

    row.querySelector<HTMLButtonElement>('.response-open')!.click();
    await settle(() => !!view.root.querySelector('#inbox-detail .detail-text'));
    expect(view.root.querySelector('#detail-title')!.textContent).toBe('反馈详情 问题');
    expect(view.root.querySelector('#inbox-detail .detail-facts')!.textContent).toContain(
      `${device(stored.device)} · ${brand(stored.browser, '其他浏览器')} · ${brand(stored.os, '其他系统')}`,
    );

    const options = (name: string) => [...view.root.querySelectorAll(`.inbox-filters select[name="${name}"] option`)].map((o) => o.textContent);
    expect(options('device')).toEqual(['全部设备', '桌面', '手机', '平板', '机器人', '未知设备']);
    expect(options('channel')).toEqual(['全部渠道', '小组件', '链接', 'API', '导入', '邮件']);
  });
});
