import type { AttributeRule, PublishedSurvey } from './schema/survey.ts';
import { urlTargeted } from './url-pattern.ts';

/** What the widget remembers about one person on one site (kept in localStorage). */
export interface VisitorState {
  visits: number;
  /** Last time any survey was shown, for the site-wide recontact wait. */
  lastShownAt?: number;
  surveys: Record<string, { shownAt?: number; answeredAt?: number; dismissedAt?: number; sampled?: boolean }>;
}

export interface PageContext {
  url: string;
  now: number;
  attributes: Record<string, string | number | boolean>;
  /** Custom events tracked on this page view. */
  events: string[];
  /** Site-wide minimum days between two surveys. */
  recontactDays: number;
}

const DAY = 86_400_000;

function attributeHolds(rule: AttributeRule, attributes: PageContext['attributes']): boolean {
  const actual = attributes[rule.key];
  // gte / lte compare numbers only: a string "10" is not at least 5.
  const numbers = typeof actual === 'number' && typeof rule.value === 'number';
  switch (rule.op) {
    case 'exists':
      return actual !== undefined;
    case 'eq':
      return actual === rule.value;
    case 'neq':
      return actual !== rule.value;
    case 'in':
      // A list of strings and numbers (the schema's) never holds undefined or a boolean.
      return Array.isArray(rule.value) && rule.value.includes(actual as string | number);
    case 'gte':
      return numbers && actual >= (rule.value as number);
    case 'lte':
      return numbers && actual <= (rule.value as number);
  }
}

/**
 * Why a survey may not be shown on this page now, or undefined when it may. Covers targeting
 * (URL, visits, attributes, events) and the caps the browser enforces (recontact waits, dismissal
 * cool-down, schedule). Sampling is decided once per person by the caller.
 */
export function blockedReason(survey: PublishedSurvey, state: VisitorState, page: PageContext): string | undefined {
  const { trigger, caps } = survey;
  const mine = state.surveys[survey.id] ?? {};
  if (page.now < (caps.startsAt ?? 0)) return 'start';
  if (page.now >= (caps.endsAt ?? Infinity)) return 'end';
  if (!urlTargeted(page.url, trigger.urlInclude, trigger.urlExclude)) return 'url';
  if (state.visits < trigger.minVisits) return 'visits';
  if (!trigger.attributes.every((rule) => attributeHolds(rule, page.attributes))) return 'attrs';
  if (trigger.events.length > 0 && !trigger.events.some((e) => page.events.includes(e))) return 'event';
  const last = Math.max(mine.shownAt ?? 0, mine.answeredAt ?? 0);
  if (last && page.now - last < caps.recontactDays * DAY) return 'recontact';
  if (mine.dismissedAt && page.now - mine.dismissedAt < caps.dismissDays * DAY) return 'dismissed';
  if (state.lastShownAt && page.now - state.lastShownAt < page.recontactDays * DAY) return 'site';
  return undefined;
}

/** A stable coin flip per person and survey: `random` in [0,1) is drawn once and remembered. */
export function inSample(samplePercent: number, random: number): boolean {
  return random * 100 < samplePercent;
}
