import { computed, signal } from '@preact/signals';
import type { Draft, SendResult } from '../../../shared/contract.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { FeedbackCategory } from '../../../shared/schema/wire.ts';
import type { UiStrings } from '../../i18n/en.ts';

export type FeedbackStatus = 'editing' | 'sending' | 'sent' | 'queued';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * State of the open-feedback form. Components only render it. A failed send keeps every field,
 * and a retry of unchanged fields reuses the same draft object (hence the same idempotency key).
 */
export function createFeedbackModel(send: (draft: Draft) => Promise<SendResult>, t: UiStrings) {
  const category = signal<FeedbackCategory>('idea');
  const text = signal('');
  const email = signal('');
  const status = signal<FeedbackStatus>('editing');
  const error = signal('');
  let lastDraft: (Draft & { kind: 'feedback' }) | undefined;
  // When the form opened: the collector flags a message sent faster than anyone could type it.
  const shownAt = Date.now();

  const remaining = computed(() => LIMITS.text - text.value.length);

  function draftFromFields(hp: string): Draft & { kind: 'feedback' } {
    const mail = email.value.trim();
    const draft = { kind: 'feedback' as const, category: category.value, text: text.value.trim(), email: mail || undefined, shownAt, hp: hp || undefined };
    if (lastDraft && lastDraft.category === draft.category && lastDraft.text === draft.text && lastDraft.email === draft.email) {
      return lastDraft;
    }
    return (lastDraft = draft);
  }

  /** `hp`: what the form's honeypot field holds (people leave it empty). */
  async function submit(hp = ''): Promise<void> {
    if (status.value === 'sending') return;
    if (!text.value.trim()) {
      error.value = t.emptyMessage;
      return;
    }
    if (email.value.trim() && !EMAIL.test(email.value.trim())) {
      error.value = t.badEmail;
      return;
    }
    error.value = '';
    status.value = 'sending';
    const result = await send(draftFromFields(hp));
    if (result.ok) {
      status.value = 'sent';
      return;
    }
    // Saved in the outbox, which keeps retrying (also after a reload): nothing more to do here.
    if (result.queued) {
      status.value = 'queued';
      return;
    }
    status.value = 'editing';
    error.value = `${t.rejected} ${result.message ?? ''}`.trim();
  }

  return { category, text, email, status, error, remaining, submit };
}

export type FeedbackModel = ReturnType<typeof createFeedbackModel>;
