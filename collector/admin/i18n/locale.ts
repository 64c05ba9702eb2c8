import { signal } from '@preact/signals';

/** The admin view speaks English and Simplified Chinese; the choice is kept per browser. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
/** Each language in its own words, as every language picker shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

const STORAGE_KEY = 'feedloop-admin-locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage can be blocked; fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not saved; the choice still holds for this page.
  }
}

type Text = string | ((...args: never[]) => string);

/**
 * One area's strings in both languages. The Chinese table must have exactly the English keys
 * with the same shapes, so a missing translation is a type error, not a blank label.
 */
export function defineTexts<T extends Record<string, Text>>(en: T, zh: { [K in keyof T]: T[K] }) {
  return { en, 'zh-CN': zh } as const;
}

/** The current language's table; reading it inside a component re-renders it on a switch. */
export function texts<T>(table: { en: T; 'zh-CN': T }): T {
  return table[locale.value];
}

/** Dates and numbers in the chosen language. */
export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}
