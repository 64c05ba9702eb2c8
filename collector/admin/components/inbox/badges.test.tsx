// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxItem } from '../../../../shared/schema/inbox.ts';
import { setLocale } from '../../i18n/locale.ts';
import { Badges } from './Badges.tsx';

const item = (over: Partial<InboxItem>): InboxItem =>
  ({ score: null, scale: null, sentimentLabel: null, text: null, priority: 10, status: 'new', collapsed: false, duplicateCount: null, spamScore: 0, tags: [], ...over }) as InboxItem;

function chips(of: InboxItem): string[] {
  const root = document.createElement('div');
  render(<Badges item={of} />, root);
  return [...root.querySelectorAll('.chip')].map((chip) => `${chip.className}: ${chip.textContent}`);
}

afterEach(() => setLocale('en'));

describe('inbox badges', () => {
  it('say that a text has no analysis yet, in English and Chinese, rather than showing nothing', () => {
    expect(chips(item({ text: 'Checkout is broken' }))).toContain('chip chip-unanalysed: not analysed yet');
    setLocale('zh-CN');
    expect(chips(item({ text: '太慢了' }))).toContain('chip chip-unanalysed: 尚未分析');
  });

  it('show the sentiment once there is one, and nothing of the kind for a response without text', () => {
    const analysed = chips(item({ text: 'Checkout is broken', sentimentLabel: 'neg' }));
    expect(analysed).toContain('chip chip-sentiment-neg: negative');
    expect(analysed.some((c) => c.includes('unanalysed'))).toBe(false);
    expect(chips(item({ score: 9, scale: 'nps' })).some((c) => c.includes('unanalysed'))).toBe(false);
  });
});
