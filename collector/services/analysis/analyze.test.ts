import { describe, expect, it } from 'vitest';
import { analyze, createAnalyzer } from './analyze.ts';
import { DEFAULT_MODEL } from './model.ts';

const score = (text: string): number => analyze(text).sentiment;

describe('analyze: labels', () => {
  it.each([
    ['en', 'I love it, works great', 'pos'],
    ['en', 'Terrible support, I want a refund', 'neg'],
    ['en', 'The checkout page is broken and slow', 'neg'],
    ['zh', '质量很好，非常满意', 'pos'],
    ['zh', '太慢了', 'neg'],
    ['zh', '客服态度恶劣，再也不买了', 'neg'],
    ['zh', '物流很快，包装也很好，推荐购买', 'pos'],
    ['mixed', 'love it but checkout is broken 太慢了', 'neg'],
    ['mixed', 'App很好用, love it', 'pos'],
  ])('%s: %s → %s', (_, text, label) => {
    expect(analyze(text).label).toBe(label);
  });
});

describe('analyze: negation', () => {
  it.each([
    ['good', 'not good'],
    ['I like it', "I don't like it"],
    ['works', 'never works'],
    ['好', '不好'],
    ['喜欢', '不喜欢'],
    ['满意', '不满意'],
    // Intl.Segmenter glues the degree word onto the negator: 太不|方便, 很不|好用.
    ['方便', '太不方便了'],
    ['好用', '很不好用'],
    ['流畅', '很不流畅'],
    ['实用', '这个功能很不实用'],
    // Intl.Segmenter glues a pronoun onto the negator: 我不|喜欢, 他不|满意, 我没|喜欢.
    ['喜欢', '我不喜欢'],
    ['满意', '我不满意'],
    ['满意', '他不满意'],
    ['喜欢', '我没喜欢'],
    // "not very": 不太 is a negator and a degree word, not one opaque token.
    ['满意', '不太满意'],
    ['方便', '不太方便'],
    // The copula after a negator (并不|是) does not take the negation meant for what follows.
    ['满意', '并不是很满意'],
    // Elongated negators and every way of typing the apostrophe.
    ['good', 'nottt good'],
    ['good', 'nooo good'],
    ['I like it', 'I don‘t like it'],
    ['I like it', 'I donʼt like it'],
    ['I like it', 'I don´t like it'],
  ])('"%s" is positive, "%s" is negative', (plain, negated) => {
    expect(score(plain)).toBeGreaterThan(0);
    expect(score(negated)).toBeLessThan(0);
  });

  it.each([
    ['problem', 'no problem'],
    ['有问题', '没有问题'],
    ['bad', 'not bad'],
  ])('negating a negative word "%s" → "%s" turns it positive or neutral', (plain, negated) => {
    expect(score(plain)).toBeLessThan(0);
    expect(score(negated)).toBeGreaterThan(score(plain));
    expect(score(negated)).toBeGreaterThanOrEqual(-0.1);
  });

  it.each([
    // 特别 is a degree word that happens to end in 别 (HowNet's "don't"): no negation in it.
    ['服务特别差', 'neg'],
    ['特别满意', 'pos'],
    ['质量特别好', 'pos'],
    ['区别很大，质量特别好', 'pos'],
  ])('reads no negator inside a word that ends in 别: %s → %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
    expect(analyze(text).cues.some((c) => c.rules.includes('negation'))).toBe(false);
  });

  it.each([
    ["I can't stand it", "can't stand"],
    ['the app is not working', 'not working'],
    ['no fun at all', 'no fun'],
    ["I dont like it", 'dont like'],
  ])('reads an AFINN phrase that opens with a negator as that phrase: %s', (text, phrase) => {
    expect(analyze(text).cues.map((c) => c.term)).toContain(phrase);
    expect(analyze(text).label).toBe('neg');
  });

  it.each([
    // Intl.Segmenter glues 什么 ("anything"), 再 ("again") and 算 ("count as") onto the negator.
    ['没什么问题', '问题', 'pos'],
    ['目前没什么问题', '问题', 'pos'],
    ['没什么用', '用', 'neg'],
    ['界面不算差', '差', 'pos'],
    ['还不算太贵', '贵', 'pos'],
    ['不再卡了', '卡', 'pos'],
  ])('reads the negator glued onto what follows it: %s (negates %s) → %s', (text, negated, label) => {
    expect(analyze(text).cues.find((c) => c.term === negated)?.rules).toContain('negation');
    expect(analyze(text).label).toBe(label);
  });

  it.each([
    ['没毛病', '没'],
    ['没什么问题', '没什么'],
    ['这个版本不算差', '不算'],
  ])('a negated Chinese complaint is praise, the negator adds no complaint of its own: %s', (text, negator) => {
    expect(analyze(text).label).toBe('pos');
    expect(analyze(text).cues.map((c) => c.term)).not.toContain(negator);
  });

  it.each([
    ['nooo the update broke it', 'broke'],
    ['no the app broke again', 'broke'],
    ['no it crashes on start', 'crashes'],
  ])('"no" before an article or a pronoun is an interjection and negates nothing: %s', (text, word) => {
    expect(analyze(text).cues.find((c) => c.term === word)?.rules).not.toContain('negation');
    expect(analyze(text).label).toBe('neg');
  });

  it('"no" before a noun phrase still negates it', () => {
    expect(analyze('no problems so far').cues.find((c) => c.term === 'problems')?.rules).toContain('negation');
  });

  it('softens a negated intensifier: "not very good" is milder than "not good"', () => {
    expect(score('not very good')).toBeLessThan(0);
    expect(score('not very good')).toBeGreaterThan(score('not good'));
  });
});

describe('analyze: intensifiers and diminishers', () => {
  it.each([
    ['good', 'very good'],
    ['bad', 'extremely bad'],
    ['好', '非常好'],
    ['差', '很差'],
    // Glued by Intl.Segmenter and cut apart again: 很快 → 很|快, 太低 → 太|低.
    ['快', '很快'],
    ['低', '太低'],
    // A degree word before a negator strengthens the negated word, glued on or not.
    ['不方便', '很不方便'],
    ['不满意', '非常不满意'],
    ['不喜欢', '非常不喜欢'],
    ['不方便', '非常不方便'],
    // "一点都不" / "一点也不" is "not at all": no diminisher.
    ['不好', '一点都不好'],
    ['不好', '一点也不好'],
    ['不满意', '一点也不满意'],
  ])('"%s" < "%s" in strength', (plain, stronger) => {
    expect(Math.abs(score(stronger))).toBeGreaterThan(Math.abs(score(plain)));
    expect(Math.sign(score(stronger))).toBe(Math.sign(score(plain)));
  });

  it.each([
    ['bad', 'slightly bad'],
    ['good', 'a bit good'],
    ['失望', '有点失望'],
    ['不满意', '有点不满意'],
  ])('"%s" > "%s" in strength', (plain, weaker) => {
    expect(Math.abs(score(weaker))).toBeLessThan(Math.abs(score(plain)));
  });

  it.each([
    ['super slow', 'super'],
    ['super laggy', 'super'],
    ['pretty bad', 'pretty'],
  ])('a modifier that is a lexicon word adds no praise to the complaint it strengthens: %s', (text, modifier) => {
    expect(analyze(text).label).toBe('neg');
    expect(analyze(text).cues.map((c) => c.term)).not.toContain(modifier);
  });

  it.each(['super!', 'super app'])('a modifier with nothing to contradict keeps its own valence: %s', (text) => {
    expect(analyze(text).cues.map((c) => c.term)).toContain('super');
    expect(analyze(text).label).toBe('pos');
  });

  it.each([
    ['有点慢', '稍微有点慢'],
    ['有点卡', '稍微有点卡'],
  ])('stacked diminishers say "a little" once: "%s" scores as "%s"', (once, stacked) => {
    expect(score(stacked)).toBeCloseTo(score(once), 4);
  });

  it.each([
    ['so laggy', 'laggy'],
    ['a bit crashy', 'crashy'],
    ['the scroll is jittery and laggy', 'laggy'],
  ])('reads an adjective made with -y through its base word: %s', (text, word) => {
    expect(analyze(text).label).toBe('neg');
    expect(analyze(text).cues.find((c) => c.term === word)?.contribution).toBeLessThan(0);
  });

  it('marks the cue with the rule that changed it', () => {
    expect(analyze('very good').cues[0]).toMatchObject({ term: 'good', rules: ['intensifier'] });
    expect(analyze('不是很满意').cues.find((c) => c.term === '满意')?.rules).toEqual(['negation', 'diminisher']);
    expect(analyze('很不方便').cues.find((c) => c.term === '方便')?.rules).toEqual(['negation', 'intensifier']);
    expect(analyze('非常不满意').cues.find((c) => c.term === '满意')?.rules).toEqual(['negation', 'intensifier']);
    expect(analyze('一点都不好').cues.find((c) => c.term === '不好')?.rules).toEqual(['intensifier']);
    expect(analyze('不太满意').cues.find((c) => c.term === '满意')?.rules).toEqual(['negation', 'diminisher']);
    expect(analyze('并不是很满意').cues.find((c) => c.term === '满意')?.rules).toEqual(['negation', 'diminisher']);
  });
});

describe('analyze: contrast — the clause after "but" weighs more', () => {
  it.each([
    ['The design is nice but the app is awful', 'neg'],
    ['The app is awful but the design is lovely', 'pos'],
    ['Although delivery was slow, the product is excellent', 'pos'],
    ['质量不错，但是物流太慢，很失望', 'neg'],
    ['物流太慢，但是质量很好，很满意', 'pos'],
    ['虽然价格有点贵，但是质量非常好', 'pos'],
  ])('%s → %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
  });

  it('halves a clause between two "but"s: the last one decides', () => {
    expect(analyze('good but bad but great').label).toBe('pos');
    const middle = analyze('good but bad but great').cues.find((c) => c.term === 'bad');
    expect(Math.abs(middle?.contribution ?? 0)).toBeLessThan(Math.abs(analyze('bad').cues[0]?.contribution ?? 0));
  });

  it('halves the clause before "but"', () => {
    const cue = analyze('good but bad').cues.find((c) => c.term === 'good');
    expect(cue?.rules).toContain('contrast');
    expect(Math.abs(cue?.contribution ?? 0)).toBeLessThan(Math.abs(analyze('good').cues[0]?.contribution ?? 0));
  });
});

describe('analyze: irrealis — wishes, conditions and modals', () => {
  it.each([
    ['The app is great', 'It would be great if the app worked'],
    ['Setup was easy', 'Setup should have been easy'],
    ['I love loud music', 'If you love loud music, buy it'],
    ['The export helps', 'Please help, the export fails'],
  ])('"%s" counts more than the same opinion in "%s"', (fact, wish) => {
    expect(score(fact)).toBeGreaterThan(score(wish));
  });

  it.each([
    ['The screen could be better', 'neg'],
    ['I wish the menus were easier to find', 'neg'],
    ['It needs clearer instructions', 'neg'],
  ])('a wished-for comparative says what is missing: %s → %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
    expect(analyze(text).cues.some((c) => c.rules.includes('irrealis'))).toBe(true);
  });

  it.each(['It would be a disaster', 'If you are a winner', 'It could be a killer app', 'You should never suffer'])(
    'an opinion word ending in -er is no comparative: %s',
    (text) => {
      const cue = analyze(text).cues.find((c) => c.rules.includes('irrealis'));
      expect(cue).toBeDefined();
      // Weakened as any opinion word there (×0.3), not flipped: the sign stays the word's own.
      expect(Math.sign(cue?.contribution ?? 0)).toBe(Math.sign(analyze(cue?.term ?? '').sentiment) * (cue?.rules.includes('negation') ? -1 : 1));
    },
  );

  it.each(['could be faster', 'wish it were cheaper', 'the screen could be bigger', 'setup could be easier'])(
    'a real comparative still says what is missing: %s',
    (text) => {
      const cue = analyze(text).cues.find((c) => c.rules.includes('irrealis'));
      expect(Math.sign(cue?.contribution ?? 0)).toBe(-Math.sign(analyze(cue?.term ?? '').sentiment));
    },
  );

  it.each([
    ['It used to be great', 'neg'],
    ['I used to love this app', 'neg'],
    ['Used to be fast and reliable, now it lags', 'neg'],
    ['I used to hate it, now I love it', 'pos'],
  ])('a past state holds no more: %s → %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
    expect(analyze(text).cues.some((c) => c.rules.includes('irrealis'))).toBe(true);
  });

  it.each(['It is used to make great charts', 'I got used to the clean layout'])(
    '"used to" after "be" or "get" is no past state: %s',
    (text) => {
      expect(analyze(text).label).toBe('pos');
      expect(analyze(text).cues.some((c) => c.rules.includes('irrealis'))).toBe(false);
    },
  );

  it('"could be worse" is relief, not a complaint', () => {
    expect(analyze('It could be worse').label).toBe('pos');
  });

  it('ends at the clause: "if it rains, the hood is great" keeps its praise', () => {
    const cue = analyze('if it rains, the hood is great').cues.find((c) => c.term === 'great');
    expect(cue?.rules).not.toContain('irrealis');
    expect(analyze('if it rains, the hood is great').label).toBe('pos');
  });
});

describe('analyze: links, e-mail addresses and @handles say nothing', () => {
  it.each([
    ['Thanks, fixed now', 'Thanks, fixed now https://example.com/a/b?c=1'],
    ['love the new layout', '@support love the new layout'],
    ['broken again', 'broken again, write to help.desk@example.com'],
    ['很好用', '很好用 www.example.cn/page'],
    ['nice', 'HTTPS://EXAMPLE.COM/a nice'],
    ['nice', 'Www.Example.com/x nice'],
  ])('"%s" scores as "%s"', (plain, withAddress) => {
    expect(analyze(withAddress).sentiment).toBeCloseTo(analyze(plain).sentiment, 6);
  });

  it('reads no emoticon inside a link (the ":/" of "https://")', () => {
    expect(analyze('https://example.com').label).toBe('neu');
    expect(analyze('https://example.com').cues).toEqual([]);
  });

  it('keeps no link pieces as keywords', () => {
    expect(analyze('checkout fails on http://t.co/xyz for @shop').keywords).toEqual(['checkout', 'fails']);
  });
});

describe('analyze: emoji, emoticons and punctuation', () => {
  it.each([
    ['😊', 'pos'],
    ['😍😍😍', 'pos'],
    ['😡', 'neg'],
    ['💩', 'neg'],
    [':)', 'pos'],
    [':(', 'neg'],
    ['发货太慢了😡', 'neg'],
    ['great service 👍', 'pos'],
  ])('%s → %s', (text, label) => {
    expect(analyze(text).label).toBe(label);
  });

  it.each([
    ['good', 'good!!!'],
    ['awful', 'awful!!!'],
    ['很好', '很好！！！'],
  ])('"%s" is weaker than "%s"', (plain, exclaimed) => {
    expect(Math.abs(score(exclaimed))).toBeGreaterThan(Math.abs(score(plain)));
  });

  it('counts a shouted word more than the same word in lower case', () => {
    expect(score('the update is TERRIBLE')).toBeLessThan(score('the update is terrible'));
  });
});

describe('analyze: questions', () => {
  // A question asks rather than judges: it is neutral unless it carries a clear opinion.
  it.each([
    ['en', 'Where is my order?'],
    ['en', 'Is there a dark mode?'],
    ['en', 'Can I change the delivery address?'],
    ['zh', '我的订单在哪里？'],
    ['zh', '可以开发票吗？'],
  ])('%s: "%s" → neu', (_, text) => {
    expect(analyze(text).label).toBe('neu');
  });

  it.each([
    ['en', 'Why is the app so terrible?', 'neg'],
    ['en', 'Why is checkout broken again??', 'neg'],
    ['zh', '为什么质量这么差？', 'neg'],
  ])('%s: a question with a clear opinion "%s" → %s', (_, text, label) => {
    expect(analyze(text).label).toBe(label);
  });

  it('applies the question band only to texts that ask', () => {
    const model = { ...DEFAULT_MODEL, neutralBand: { rated: 0, unrated: 0, question: 0.999 } };
    const asking = createAnalyzer(model);
    expect(asking.analyze('is it good?').label).toBe('neu');
    expect(asking.analyze('it is good.').label).toBe('pos');
  });
});

describe('analyze: edge cases', () => {
  it.each(['', '   ', '\n\n', '12345', '...', '???'])('scores %j as neutral with no keywords', (text) => {
    const result = analyze(text);
    expect(result.label).toBe('neu');
    expect(result.sentiment).toBe(0);
    expect(result.keywords).toEqual([]);
  });

  it('scores emoji-only text by its emoji and calls its language "other"', () => {
    expect(analyze('👍👍').label).toBe('pos');
    expect(analyze('👍👍').language).toBe('other');
  });

  it('scores a very long text quickly and within range', () => {
    const long = '物流很快，质量很好。The product is great and support was helpful. '.repeat(5000);
    const started = performance.now();
    const result = analyze(long);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.label).toBe('pos');
    expect(result.sentiment).toBeLessThanOrEqual(1);
    expect(result.keywords.length).toBeGreaterThan(0);
  });
});

describe('analyze: score range', () => {
  // A small deterministic generator: the same "random" strings on every run.
  function* strings(count: number): Generator<string> {
    const pieces = [
      'good', 'bad', 'not', 'very', 'but', 'never', 'love', 'hate', '!!!', '???', ':)', ':(', '😊', '😡',
      '好', '不', '很', '非常', '但是', '没有', '问题', '差', '太', '了', '。', '，', ' ', 'ＧＯＯＤ', 'SOOOO',
      '\n', 'ü', 'Привет', 'こんにちは', '\u0000', '\uD83D', '1', '-', '"', '虽然',
    ];
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < count; i++) {
      const length = Math.floor(next() * 60);
      let text = '';
      for (let j = 0; j < length; j++) text += pieces[Math.floor(next() * pieces.length)];
      yield text;
    }
  }

  it('always stays in [-1, 1] with a label that agrees with its sign', () => {
    for (const text of strings(3000)) {
      const { sentiment, label } = analyze(text);
      expect(Number.isFinite(sentiment), text).toBe(true);
      expect(Math.abs(sentiment), text).toBeLessThanOrEqual(1);
      if (label === 'pos') expect(sentiment, text).toBeGreaterThan(0);
      if (label === 'neg') expect(sentiment, text).toBeLessThan(0);
    }
  });

  it('stays in range for a pile-up of one sentiment', () => {
    expect(score('amazing '.repeat(2000))).toBeLessThanOrEqual(1);
    expect(score('垃圾'.repeat(2000))).toBeGreaterThanOrEqual(-1);
  });
});

describe('createAnalyzer', () => {
  it('lets another model replace the default without changing callers', () => {
    const lexiconOnly = createAnalyzer({ ...DEFAULT_MODEL, terms: new Map() });
    expect(lexiconOnly.analyze('I love it').label).toBe('pos');
    // A term the lexicons do not know counts only through learned weights.
    const custom = createAnalyzer({ ...DEFAULT_MODEL, terms: new Map([['feedloop', 5]]) });
    expect(custom.analyze('feedloop').label).toBe('pos');
    expect(lexiconOnly.analyze('feedloop').label).toBe('neu');
  });

  it.each([
    ['the food was mediocre', 'neg'],
    ['the plot is absurd', 'neg'],
    ['the map is accurate', 'pos'],
  ])('reads words only Pattern rates, with no learned weights: "%s" → %s', (text, label) => {
    const lexiconOnly = createAnalyzer({ ...DEFAULT_MODEL, terms: new Map() });
    expect(lexiconOnly.analyze(text).label).toBe(label);
  });

  it('widening the neutral band turns weak opinions neutral', () => {
    const strict = createAnalyzer({ ...DEFAULT_MODEL, neutralBand: { rated: 0.999, unrated: 0.999 } });
    expect(strict.analyze('fine').label).toBe('neu');
  });
});
