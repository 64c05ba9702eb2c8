// @vitest-environment happy-dom
import { render } from 'preact';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ResponseItem, ResponseList, TagRuleCreated } from '../../../shared/schema/admin-api.ts';
import { storeFeedback, useAdminView } from '../../../test/helpers/admin-view.ts';
import { setLocale } from '../i18n/locale.ts';
import { session } from '../models/session.ts';
import { loadSites, siteId } from '../models/sites.ts';
import { ruleStatus } from '../models/tag-rules.ts';
import { SitesPage } from '../pages/SitesPage.tsx';
import { ReapplyProgress, TagRulesPanel } from './TagRulesPanel.tsx';

// The panel against a real collector in-process on a real temp SQLite: rules are stored, and the
// background re-application really re-tags the stored responses.
const view = useAdminView((ctx) =>
  storeFeedback(ctx, ['I want a refund now', 'Refund please, the checkout is broken', 'Love the new colours', '我要退款，太慢了']),
);

beforeEach(async () => {
  await loadSites();
  siteId.value = view.ctx.site.id;
});

function as(role: 'admin' | 'agent' | 'viewer') {
  session.value = { user: { ...view.admin, role }, csrfToken: view.csrf };
}

async function until(check: () => boolean, what: string, ms = 6000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; page says: ${text()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function type(name: string, value: string) {
  const input = view.root.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function submit() {
  view.root.querySelector('form.tag-rule-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

const text = () => view.root.textContent ?? '';
/** The visible progress or outcome line. */
const live = () => view.root.querySelector('.tag-reapply-text')?.textContent ?? '';
/** What screen readers are told: the start and the outcome of a run, not each second's count. */
const announced = () => view.root.querySelector('.tag-reapply [aria-live=polite]')?.textContent ?? '';
const rows = () => [...view.root.querySelectorAll('.tag-rule-list tbody tr')].map((tr) => tr.textContent);

async function autoTags(): Promise<Map<string, string[]>> {
  const res = await fetch('/admin/api/responses');
  const { items } = (await res.json()) as ResponseList;
  return new Map(items.map((i: ResponseItem) => [i.text ?? '', i.tags.filter((t) => t.source === 'auto').map((t) => t.tag)]));
}

async function apiAddRule(pattern: string, tag: string): Promise<TagRuleCreated> {
  const res = await fetch(`/admin/api/sites/${view.ctx.site.id}/tag-rules`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': view.csrf },
    body: JSON.stringify({ pattern, tag }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as TagRuleCreated;
}

describe('tag rules panel', () => {
  it('lets an admin add a rule, shows the re-application, and old matching responses get the tag', async () => {
    as('admin');
    render(<TagRulesPanel />, view.root);
    await until(() => text().includes('No tag rules yet. Add one below.'), 'the empty list');

    type('pattern', 'refund');
    type('tag', 'billing');
    submit();
    await until(() => text().includes('Rule added: "refund" → billing.'), 'the added notice');
    // Right after the change the panel shows that old responses are being re-tagged.
    expect(view.root.querySelector('progress')).not.toBeNull();
    expect(live()).toMatch(/^Re-applying rules to existing responses/);
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('refund');
    expect(rows()[0]).toContain('billing');
    // The form is emptied and ready for the next rule.
    expect(view.root.querySelector<HTMLInputElement>('input[name=pattern]')!.value).toBe('');
    expect(document.activeElement).toBe(view.root.querySelector('input[name=pattern]'));

    // Polled until the server says it is done: two English texts say "refund" as a word.
    await until(() => live().startsWith('All 4 responses follow the rules'), 'the finished re-application');
    expect(live()).toMatch(/^All 4 responses follow the rules \(changed 2, finished .+\)\.$/);
    expect(view.root.querySelector('progress')).toBeNull();
    const tags = await autoTags();
    expect(tags.get('I want a refund now')).toEqual(['billing']);
    expect(tags.get('Refund please, the checkout is broken')).toEqual(['billing']);
    expect(tags.get('Love the new colours')).toEqual([]);
    expect(tags.get('我要退款，太慢了')).toEqual([]);

    // A Chinese phrase matches inside the text, without spaces around it.
    type('pattern', '退款');
    type('tag', 'billing');
    submit();
    await until(() => live().startsWith('All 4 responses follow the rules (changed 1'), 'the second run');
    expect((await autoTags()).get('我要退款，太慢了')).toEqual(['billing']);
    expect(rows()).toHaveLength(2);
  });

  it('shows a bad pattern beside its field and moves focus there', async () => {
    as('admin');
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 2, 'the list');
    type('pattern', '   ');
    type('tag', 'billing');
    submit();
    await until(() => text().includes('Enter a keyword or phrase of 1 to 200 characters.'), 'the field error');
    const pattern = view.root.querySelector<HTMLInputElement>('input[name=pattern]')!;
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    expect(pattern.getAttribute('aria-describedby')).toContain('tag-rule-pattern-error');
    expect(view.root.querySelector('#tag-rule-pattern-error')!.textContent).toBe('Enter a keyword or phrase of 1 to 200 characters.');
    expect(document.activeElement).toBe(pattern);
    expect(view.root.querySelector('input[name=tag]')!.getAttribute('aria-invalid')).toBeNull();
    expect(rows()).toHaveLength(2);
  });

  it('says why a pattern of punctuation alone is refused, not that its length is wrong', async () => {
    as('admin');
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 2, 'the list');
    type('pattern', '!!!');
    type('tag', 'billing');
    submit();
    const problem = 'The keyword or phrase needs letters, digits or Chinese characters; punctuation, symbols and emoji alone never match.';
    await until(() => text().includes(problem), 'the field error');
    const pattern = view.root.querySelector<HTMLInputElement>('input[name=pattern]')!;
    expect(view.root.querySelector('#tag-rule-pattern-error')!.textContent).toBe(problem);
    expect(text()).not.toContain('1 to 200 characters');
    expect(pattern.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(pattern);

    setLocale('zh-CN');
    type('pattern', '👍！');
    submit();
    await until(() => text().includes('关键词或短语需要包含字母、数字或汉字；只有标点、符号或表情符号的规则永远不会匹配。'), 'the Chinese field error');
    expect(text()).not.toContain('1 到 200');
    expect(rows()).toHaveLength(2);
  });

  it('deletes a rule after confirming, and its tags leave the old responses', async () => {
    as('admin');
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 2, 'the list');
    const button = view.root.querySelector<HTMLButtonElement>('button[aria-label=\'Delete rule "refund" → billing\']')!;
    expect(button).not.toBeNull();

    const asked: string[] = [];
    window.confirm = (message?: string) => {
      asked.push(String(message));
      return false;
    };
    button.click();
    await new Promise((r) => setTimeout(r, 50));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('"refund" → billing');
    expect(rows()).toHaveLength(2);

    window.confirm = () => true;
    button.click();
    await until(() => text().includes('Rule deleted: "refund" → billing.'), 'the deleted notice');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('退款');
    await until(() => /^All 4 responses follow the rules \(changed 2,/.test(live()), 'the re-application after the delete');
    const tags = await autoTags();
    expect(tags.get('I want a refund now')).toEqual([]);
    expect(tags.get('Refund please, the checkout is broken')).toEqual([]);
    expect(tags.get('我要退款，太慢了')).toEqual(['billing']);
  });

  it.each(['viewer', 'agent'] as const)('shows a %s the rules read-only: no form, no delete buttons', async (role) => {
    as(role);
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 1, 'the list');
    expect(rows()[0]).toContain('退款');
    expect(view.root.querySelector('form')).toBeNull();
    expect(view.root.querySelectorAll('button')).toHaveLength(0);
    expect(text()).toContain('Only admins can add or delete tag rules.');
  });

  it('speaks Chinese when the locale is zh-CN', async () => {
    setLocale('zh-CN');
    as('admin');
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 1, 'the list');
    expect([...view.root.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['关键词或短语', '标签', '创建时间', '删除']);
    expect(view.root.querySelector('h3')!.textContent).toBe('添加规则');
    expect(view.root.querySelector('button[type=submit]')!.textContent).toBe('添加规则');
    expect(view.root.querySelector('button.danger')!.getAttribute('aria-label')).toBe('删除规则 "退款" → billing');
    expect(live()).toMatch(/^全部 4 条反馈均已符合规则（更改 \d+ 条，完成于 .+）。$/);

    type('pattern', '');
    type('tag', 'x');
    submit();
    await until(() => text().includes('请输入 1 到 200 个字符的关键词或短语。'), 'the Chinese field error');
  });

  it('is mounted on the Sites page in its own panel', async () => {
    as('admin');
    await apiAddRule('slow', 'speed');
    render(<SitesPage />, view.root);
    await until(() => rows().length === 2, 'the list on the Sites page');
    const section = view.root.querySelector('#tag-rules-heading')!.closest('section.panel')!;
    expect(section.querySelector('h2')!.textContent).toBe('Tag rules');
    expect(section.querySelector('form.tag-rule-form')).not.toBeNull();
    expect(rows().some((r) => r?.includes('slow') && r.includes('speed'))).toBe(true);
  });

  it('keeps keyboard focus in the list after a delete: next rule, else previous, else the pattern field', async () => {
    as('admin');
    await apiAddRule('fast', 'speed');
    await apiAddRule('crash', 'stability');
    render(<TagRulesPanel />, view.root);
    await until(() => rows().length === 4, 'the list');
    window.confirm = () => true;
    const deleteButtons = () => [...view.root.querySelectorAll<HTMLButtonElement>('.tag-rule-list button.danger')];
    /** Focuses a row's Delete button and presses it, as Enter on a focused button does. */
    async function deleteRow(index: number, left: number) {
      const button = deleteButtons()[index]!;
      button.focus();
      button.click();
      await until(() => rows().length === left && ruleStatus.busy.value === null, `${left} rules left`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const labels = () => deleteButtons().map((b) => b.getAttribute('aria-label'));
    const [, second, third] = labels();

    await deleteRow(1, 3);
    expect(document.activeElement?.getAttribute('aria-label')).toBe(third);
    await deleteRow(2, 2);
    expect(document.activeElement?.getAttribute('aria-label')).toBe(labels()[1]);
    expect(labels()).not.toContain(second);
    await deleteRow(1, 1);
    await deleteRow(0, 0);
    expect(document.activeElement).toBe(view.root.querySelector('input[name=pattern]'));
  });
});

// A run over a few responses in-process ends before the first poll, so the running state is
// checked here with the figures a long run reports midway.
describe('re-application progress', () => {
  const running = { state: 'running', done: 12_300, total: 48_000, changed: 210, startedAt: Date.UTC(2026, 10, 23, 9), finishedAt: null } as const;

  it('draws a determinate bar and the counts while running', () => {
    render(<ReapplyProgress status={running} pending={false} />, view.root);
    const bar = view.root.querySelector('progress')!;
    expect(bar.getAttribute('aria-label')).toBe('Re-applying rules to existing responses');
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['12300', '48000']);
    expect(live()).toBe('Re-applying rules to existing responses: 12,300 of 48,000 checked, 210 changed.');
    expect(announced()).toBe('Re-applying rules to existing responses…');
  });

  it('says when all responses follow the rules, in Chinese too', () => {
    const done = { ...running, state: 'idle', done: 48_000, finishedAt: Date.UTC(2026, 10, 23, 9, 5) } as const;
    render(<ReapplyProgress status={done} pending={false} />, view.root);
    expect(view.root.querySelector('progress')).toBeNull();
    expect(live()).toMatch(/^All 48,000 responses follow the rules \(changed 210, finished .+\)\.$/);
    expect(announced()).toBe(live());
    setLocale('zh-CN');
    render(<ReapplyProgress status={running} pending={false} />, view.root);
    expect(live()).toBe('正在将规则重新应用到已有反馈：已检查 12,300 / 48,000 条，已更改 210 条。');
  });

  it('shows a run that has not counted the responses yet as starting, not as "0 of 0"', () => {
    render(<ReapplyProgress status={{ ...running, done: 0, total: 0, changed: 0 }} pending={false} />, view.root);
    expect(view.root.querySelector('progress')!.hasAttribute('value')).toBe(false);
    expect(live()).toBe('Re-applying rules to existing responses…');
  });

  it('says nothing before the first run', () => {
    render(<ReapplyProgress status={{ ...running, state: 'idle', done: 0, total: 0, changed: 0, startedAt: null }} pending={false} />, view.root);
    expect(view.root.querySelector('progress')).toBeNull();
    expect(live()).toBe('');
  });
});
