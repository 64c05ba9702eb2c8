import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AckSchema, LIMITS, SubmissionSchema } from './wire.ts';

const valid = {
  kind: 'feedback',
  idempotencyKey: 'AbCdEfGhIjKlMnOpQrSt',
  clientId: 'client_12345',
  category: 'idea',
  text: ' Dark mode please ',
  page: { url: 'https://shop.example/cart', title: 'Cart' },
  locale: 'zh-CN',
};

describe('SubmissionSchema', () => {
  it('accepts a feedback submission and trims the text', () => {
    const out = v.parse(SubmissionSchema, valid);
    expect(out.kind === 'feedback' && out.text).toBe('Dark mode please');
  });

  it.each([
    ['kind', { kind: 'rating' }],
    ['text', { text: '' }],
    ['text', { text: 'x'.repeat(LIMITS.text + 1) }],
    ['locale', { locale: 'english please' }],
    ['page.url', { page: { url: 'javascript:alert(1)x' } }],
    ['idempotencyKey', { idempotencyKey: 'has spaces in it!!' }],
    ['clientId', { clientId: 'x' }],
    ['email', { email: 'nope' }],
  ])('rejects a bad %s', (field, patch) => {
    const result = v.safeParse(SubmissionSchema, { ...valid, ...patch });
    expect(result.success).toBe(false);
    if (!result.success) expect(v.getDotPath(result.issues[0]!)).toBe(field === 'kind' ? 'kind' : field);
  });

  it('accepts an ack with id and time', () => {
    expect(v.is(AckSchema, { id: 'rsp_1', receivedAt: 1 })).toBe(true);
  });
});
