import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type PublishedSurvey, SurveyInputSchema, type SurveyInput } from './schema/survey.ts';
import { blockedReason, inSample, type PageContext, type VisitorState } from './targeting.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23);

function survey(patch: Partial<SurveyInput> = {}): PublishedSurvey {
  const def = v.parse(SurveyInputSchema, {
    name: 's',
    questions: [{ id: 'q', type: 'rating', scale: 'nps', text: { en: 'Q' } }],
    ...patch,
  });
  return { ...def, id: 'srv_1', version: 1 };
}

const page = (patch: Partial<PageContext> = {}): PageContext => ({
  url: 'https://shop.example/checkout/done',
  now: NOW,
  attributes: {},
  events: [],
  recontactDays: 0,
  ...patch,
});
const state = (patch: Partial<VisitorState> = {}): VisitorState => ({ visits: 1, surveys: {}, ...patch });

describe('blockedReason', () => {
  it('allows a survey with no conditions', () => {
    expect(blockedReason(survey(), state(), page())).toBeUndefined();
  });

  it.each<[string, Partial<SurveyInput>, Partial<VisitorState>, Partial<PageContext>]>([
    ['url', { trigger: { urlInclude: ['/pricing'] } }, {}, {}],
    ['url', { trigger: { urlExclude: ['/checkout/*'] } }, {}, {}],
    ['visits', { trigger: { minVisits: 3 } }, { visits: 2 }, {}],
    ['attrs', { trigger: { attributes: [{ key: 'plan', op: 'eq', value: 'pro' }] } }, {}, { attributes: { plan: 'free' } }],
    ['event', { trigger: { events: ['purchase'] } }, {}, { events: ['other'] }],
    ['recontact', { caps: { recontactDays: 30 } }, { surveys: { srv_1: { answeredAt: NOW - 29 * DAY } } }, {}],
    ['dismissed', { caps: { dismissDays: 14, recontactDays: 0 } }, { surveys: { srv_1: { dismissedAt: NOW - DAY } } }, {}],
    ['site', {}, { lastShownAt: NOW - DAY }, { recontactDays: 3 }],
    ['start', { caps: { startsAt: NOW + 1 } }, {}, {}],
    ['end', { caps: { endsAt: NOW } }, {}, {}],
  ])('blocks by %s', (reason, def, st, pg) => {
    expect(blockedReason(survey(def), state(st), page(pg))).toBe(reason);
  });

  it.each<[Partial<SurveyInput>, Partial<VisitorState>, Partial<PageContext>]>([
    [{ trigger: { attributes: [{ key: 'plan', op: 'in', value: ['pro', 'team'] }] } }, {}, { attributes: { plan: 'team' } }],
    [{ trigger: { attributes: [{ key: 'seats', op: 'gte', value: 10 }] } }, {}, { attributes: { seats: 12 } }],
    [{ trigger: { events: ['purchase'] } }, {}, { events: ['purchase'] }],
    [{ caps: { recontactDays: 30 } }, { surveys: { srv_1: { answeredAt: NOW - 31 * DAY } } }, {}],
    [{}, { lastShownAt: NOW - 4 * DAY }, { recontactDays: 3 }],
  ])('lets through when the condition holds (%#)', (def, st, pg) => {
    expect(blockedReason(survey(def), state(st), page(pg))).toBeUndefined();
  });
});

describe('inSample', () => {
  it('samples the given percentage', () => {
    expect(inSample(25, 0.2)).toBe(true);
    expect(inSample(25, 0.25)).toBe(false);
    expect(inSample(0, 0)).toBe(false);
    expect(inSample(100, 0.999)).toBe(true);
  });
});
