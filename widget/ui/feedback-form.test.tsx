// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft, SendResult, UiHost } from '../../shared/contract.ts';
import { ui as en } from '../i18n/en.ts';
import { ui as zh } from '../i18n/zh-CN.ts';
import { createShadow } from '../shadow.ts';
import { close, openFeedback } from './index.tsx';

let host: UiHost;
let sent: Draft[];
let answers: SendResult[];
let closed: number;

function q<T extends Element>(selector: string): T {
  const el = host.root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

function type(selector: string, value: string) {
  const field = q<HTMLTextAreaElement | HTMLInputElement>(selector);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

async function submit() {
  q<HTMLFormElement>('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await settle();
}

function open(locale: UiHost['locale'] = 'en') {
  const shadow = createShadow(document, undefined);
  host = {
    root: shadow.root,
    locale,
    adoptStyles: shadow.adoptStyles,
    onClose: () => void closed++,
    send: async (draft) => {
      sent.push(draft);
      return answers.shift() ?? { ok: true, ack: { id: 'rsp_1', receivedAt: 1 } };
    },
  };
  openFeedback(host);
}

beforeEach(() => {
  document.body.innerHTML = '';
  sent = [];
  answers = [];
  closed = 0;
});
afterEach(() => {
  close();
  document.body.innerHTML = '';
});

describe('feedback form', () => {
  it('opens as a labelled modal dialog with focus in the message field', async () => {
    open();
    await settle();
    const dialog = q<HTMLElement>('[role="dialog"]');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(host.root.getElementById('fl-title')?.textContent).toBe(en.title);
    expect(host.root.activeElement).toBe(q('textarea'));
  });

  it('sends category, trimmed text and email, then shows the success state', async () => {
    open();
    q<HTMLInputElement>('input[value="bug"]').click();
    type('textarea', '  Checkout is broken  ');
    type('input[type="email"]', 'ann@example.com');
    await submit();
    expect(sent).toEqual([{ kind: 'feedback', category: 'bug', text: 'Checkout is broken', email: 'ann@example.com', shownAt: expect.any(Number) }]);
    expect(q('[role="status"]').textContent).toBe(en.thanks);
  });

  it('tells the collector when the form opened, so a message sent faster than anyone types is flagged', async () => {
    const before = Date.now();
    open();
    const after = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    type('textarea', 'The invoice page is blank');
    await submit();
    const { shownAt } = sent[0] as { shownAt?: number };
    expect(shownAt).toBeGreaterThanOrEqual(before);
    expect(shownAt).toBeLessThanOrEqual(after);
  });

  it('keeps its honeypot away from people and sends what a bot put in it', async () => {
    open();
    const trap = q<HTMLInputElement>('input.fl-hp');
    expect(trap.tabIndex).toBe(-1);
    expect(trap.getAttribute('aria-hidden')).toBe('true');
    type('textarea', 'Nice');
    await submit();
    expect(sent[0]).not.toHaveProperty('hp', expect.anything());
    close();
    sent = [];
    open();
    // Set as a script would, without an input event: the form reads the field itself.
    q<HTMLInputElement>('input.fl-hp').value = 'https://pills.example';
    type('textarea', 'Great site');
    await submit();
    expect(sent[0]).toMatchObject({ hp: 'https://pills.example' });
  });

  it('does not send an empty message and says why', async () => {
    open();
    await submit();
    expect(sent).toHaveLength(0);
    expect(q('[role="alert"]').textContent).toBe(en.emptyMessage);
  });

  it('keeps the text after a refused send and retries with the same draft (same idempotency key)', async () => {
    open();
    answers = [{ ok: false, reason: 'rejected', message: 'try later' }];
    type('textarea', 'Lost?');
    await submit();
    expect(q('[role="alert"]').textContent).toBe(`${en.rejected} try later`);
    expect(q<HTMLTextAreaElement>('textarea').value).toBe('Lost?');
    await submit();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect(q('[role="status"]').textContent).toBe(en.thanks);
  });

  it('says the message is saved when it could only be queued for later', async () => {
    open();
    answers = [{ ok: false, reason: 'network', queued: true }];
    type('textarea', 'Sent from a train');
    await submit();
    expect(q('[role="status"]').textContent).toBe(en.queued);
  });

  it('shows the server message when a submission is refused', async () => {
    open();
    answers = [{ ok: false, reason: 'rejected', message: 'text: too long' }];
    type('textarea', 'x');
    await submit();
    expect(q('[role="alert"]').textContent).toBe(`${en.rejected} text: too long`);
  });

  it('closes on Escape and tells the loader', async () => {
    open();
    q('[role="dialog"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(host.root.querySelector('[role="dialog"]')).toBeNull();
    expect(closed).toBe(1);
  });

  it('renders in Simplified Chinese', async () => {
    open('zh-CN');
    expect(host.root.getElementById('fl-title')?.textContent).toBe(zh.title);
    expect(q('button[type="submit"]').textContent).toBe(zh.send);
  });

  it('renders customer-typed markup as text', async () => {
    open();
    type('textarea', '<img src=x onerror=alert(1)>');
    expect(host.root.querySelector('img')).toBeNull();
  });
});
