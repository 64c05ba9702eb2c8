import { holdsLetterOrDigit, normalizeText } from '../../shared/normalize-text.ts';

export interface TagMatcher {
  /** The tags whose rules match the text, each once, in rule order. */
  tagsFor(text: string | null): string[];
}

const CJK_CHARS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK = new RegExp(`[${CJK_CHARS}]`, 'u');
/** Between a CJK character and a letter or digit of another script (normalised text has no punctuation). */
const SCRIPT_SEAM = new RegExp(`(?<=[${CJK_CHARS}])(?=[^ ${CJK_CHARS}])|(?<=[^ ${CJK_CHARS}])(?=[${CJK_CHARS}])`, 'gu');

/**
 * The normalised text with a space wherever a CJK character meets another script: "这个app太卡了"
 * becomes "这个 app 太卡了". Chinese and Japanese put no space around a Latin word, yet it is a
 * word of its own there, so whole-word and word-start matches must see the seam as a boundary.
 */
export function spaceScriptSeams(normalized: string): string {
  return CJK.test(normalized) ? normalized.replace(SCRIPT_SEAM, ' ') : normalized;
}

/**
 * Rules match the normalised text (case, width and punctuation folded), so "Check-out" finds
 * "check out". A pattern with Chinese characters matches anywhere — Chinese has no spaces
 * between words; any other pattern matches whole words only ("app" does not tag "happy"), a
 * seam with CJK characters counting as a word boundary ("app" tags "这个app太卡了").
 */
export function tagMatcher(rules: ReadonlyArray<{ pattern: string; tag: string }>): TagMatcher {
  const compiled = rules
    .map((rule) => ({ pattern: normalizeText(rule.pattern), tag: rule.tag }))
    // A rule stored before patterns were checked may name nothing ("!!!", "❤️"): it never matches.
    .filter((rule) => holdsLetterOrDigit(rule.pattern))
    .map((rule) => ({ ...rule, anywhere: CJK.test(rule.pattern) }));
  return {
    tagsFor(text) {
      if (!text || compiled.length === 0) return [];
      const normalized = normalizeText(text);
      const padded = ` ${spaceScriptSeams(normalized)} `;
      const tags = new Set<string>();
      for (const rule of compiled) {
        if (rule.anywhere ? normalized.includes(rule.pattern) : padded.includes(` ${rule.pattern} `)) tags.add(rule.tag);
      }
      return [...tags];
    },
  };
}
