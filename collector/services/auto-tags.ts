import { normalizeText } from '../../shared/normalize-text.ts';

export interface TagMatcher {
  /** The tags whose rules match the text, each once, in rule order. */
  tagsFor(text: string | null): string[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Rules match the normalised text (case, width and punctuation folded), so "Check-out" finds
 * "check out". A pattern with Chinese characters matches anywhere — Chinese has no spaces
 * between words; any other pattern matches whole words only ("app" does not tag "happy").
 */
export function tagMatcher(rules: ReadonlyArray<{ pattern: string; tag: string }>): TagMatcher {
  const compiled = rules
    .map((rule) => ({ pattern: normalizeText(rule.pattern), tag: rule.tag }))
    .filter((rule) => rule.pattern !== '')
    .map((rule) => ({ ...rule, anywhere: CJK.test(rule.pattern) }));
  return {
    tagsFor(text) {
      if (!text || compiled.length === 0) return [];
      const normalized = normalizeText(text);
      const padded = ` ${normalized} `;
      const tags = new Set<string>();
      for (const rule of compiled) {
        if (rule.anywhere ? normalized.includes(rule.pattern) : padded.includes(` ${rule.pattern} `)) tags.add(rule.tag);
      }
      return [...tags];
    },
  };
}
