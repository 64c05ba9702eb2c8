/** Text in the site's languages; `en` is the fallback for any locale without its own text. */
export interface LocalizedText {
  en: string;
  'zh-CN'?: string;
}

export function localize(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  return (locale === 'zh-CN' && text['zh-CN']) || text.en;
}
