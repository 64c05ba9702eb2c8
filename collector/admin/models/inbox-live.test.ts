// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { InboxItem } from '../../../shared/schema/inbox.ts';
import { items, newCount, receiveLive, selected } from './inbox.ts';

const item = (id: string, receivedAt: number, spamScore = 0): InboxItem =>
  ({ id, siteId: 'site_1', receivedAt, spamScore, duplicateClusterId: null, duplicateCount: null, collapsed: false }) as unknown as InboxItem;

async function view(query: string) {
  location.hash = `#/inbox${query}`;
  // The router follows hashchange events.
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('live arrivals in the inbox', () => {
  beforeEach(async () => {
    await view('');
    items.value = [item('rsp_a', 1000)];
    newCount.value = 0;
  });

  it('leaves likely spam out of the default view, as a reload would', async () => {
    receiveLive(item('rsp_spam', 2000, 0.95));
    expect(items.value.map((i) => i.id)).toEqual(['rsp_a']);
    expect(newCount.value).toBe(0);
    receiveLive(item('rsp_b', 3000));
    expect(items.value.map((i) => i.id)).toEqual(['rsp_b', 'rsp_a']);
  });

  it('counts a response announced twice (stored, then analysed) once among the new ones not shown', async () => {
    // A filtered view with something ticked: the list is not reloaded under the user's hands,
    // arrivals are counted instead.
    await view('?status=new');
    items.value = [item('rsp_a', 1000)];
    selected.value = new Set(['rsp_a']);
    try {
      receiveLive(item('rsp_b', 2000));
      receiveLive(item('rsp_b', 2000));
      receiveLive(item('rsp_c', 3000));
      expect(items.value.map((i) => i.id)).toEqual(['rsp_a']);
      expect(newCount.value).toBe(2);
    } finally {
      selected.value = new Set();
    }
  });

  it('takes a shown item out when a change makes it likely spam', () => {
    receiveLive(item('rsp_a', 1000, 0.6));
    expect(items.value).toEqual([]);
  });

  it('in the spam-only view, ignores arrivals that are not spam and drops an item that no longer is', async () => {
    await view('?spam=only');
    items.value = [item('rsp_s', 1000, 0.9)];
    receiveLive(item('rsp_ok', 2000));
    expect(newCount.value).toBe(0);
    receiveLive(item('rsp_s', 1000, 0.2));
    expect(items.value).toEqual([]);
  });
});
