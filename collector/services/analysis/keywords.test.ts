import { describe, expect, it } from 'vitest';
import { extractKeywords, MAX_KEYWORDS } from './keywords.ts';
import { segment } from './segment.ts';

const keywords = (text: string): string[] => extractKeywords(segment(text));

describe('extractKeywords', () => {
  it.each([
    ['drops English stop words and lower-cases', 'The Checkout is broken on the checkout page', ['checkout', 'broken', 'page']],
    // 很快 is read as 很|快 (a degree word and an opinion), and neither is a topic.
    ['segments Chinese and drops its stop words', '物流很快，但是包装太差了', ['物流', '包装']],
    ['joins nouns Intl.Segmenter cuts into single characters', '结账页面打不开', ['结账页面', '打不开']],
    ['ends a run of single characters at a function word', '客服态度很差，客服不回', ['客服', '态度']],
    ['leaves a run longer than four characters alone (more often a phrase or a name)', '味道不错，菲家西点铺', ['味道', '不错']],
    ['ignores a degree word glued onto a negator', '功能很不实用', ['功能', '实用']],
    ['keeps both languages of a mixed text', '物流 support was slow', ['物流', 'support', 'slow']],
    ['ignores numbers, emoji and single characters', 'x 42 😊 好 delivery', ['delivery']],
    ['ignores negators, degree and contrast words', 'not very 非常 不 but 但是 refund', ['refund']],
    ['ignores both words of a two-word degree phrase', 'kind of slow, a bit buggy, sort of ok, a little laggy', ['slow', 'buggy', 'ok', 'laggy']],
    ['ignores elongated function words', "sooooo happy, veeery happy. Pleaseee fix", ['happy', 'fix']],
    ['ignores a pronoun glued onto a negator', '我不满意，他不喜欢', ['满意', '喜欢']],
    ['ignores the negator and degree word of 不太', '不太方便', ['方便']],
    ['ignores a contracted function word, and keeps a possessive noun', "I’m sure it's the customer's fault, we've tried, you're right, there's a bug", ['sure', "customer's", 'fault', 'tried', 'right', 'bug']],
    ['ignores a Chinese word made of function characters only', '我们的这个会员什么都没有，他们还有一个问题', ['会员', '问题']],
    ['keeps no piece of a capitalised link', 'HTTPS://EXAMPLE.COM/a Www.Example.com/x refund', ['refund']],
  ])('%s', (_, text, expected) => {
    expect(keywords(text)).toEqual(expected);
  });

  it('ranks by frequency, then by first appearance', () => {
    expect(keywords('login fails. password reset fails. login again')).toEqual(['login', 'fails', 'password', 'reset', 'again']);
  });

  it(`returns at most ${MAX_KEYWORDS}`, () => {
    const text = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima';
    expect(keywords(text)).toHaveLength(MAX_KEYWORDS);
  });
});
