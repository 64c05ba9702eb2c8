export type WidgetLocale = 'en' | 'zh-CN';

/** Any Chinese variant gets Simplified Chinese; everything else English (the two we ship). */
export function pickLocale(preferred: string | null | undefined): WidgetLocale {
  return preferred && /^zh\b/i.test(preferred) ? 'zh-CN' : 'en';
}
