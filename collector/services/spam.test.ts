import { describe, expect, it } from 'vitest';
import { BURST, BurstWatch, isLinkStuffed, mergeReasons, parseReasons, spamScore, submissionReasons } from './spam.ts';

describe('spamScore', () => {
  it('is 0 without reasons and combines reasons as independent evidence', () => {
    expect(spamScore([])).toBe(0);
    expect(spamScore(['honeypot'])).toBe(0.95);
    expect(spamScore(['too_fast'])).toBe(0.4);
    expect(spamScore(['too_fast', 'repeated_text'])).toBe(0.64);
  });

  it('reads as likely spam (0.5) with one strong signal or any two soft ones, never with one soft one', () => {
    const soft = ['too_fast', 'repeated_text', 'burst_client', 'burst_ip'] as const;
    for (const a of soft) {
      expect(spamScore([a])).toBeLessThan(0.5);
      for (const b of soft) if (a !== b) expect(spamScore([a, b])).toBeGreaterThanOrEqual(0.5);
    }
    expect(spamScore(['links'])).toBeGreaterThanOrEqual(0.5);
    expect(spamScore(['honeypot'])).toBeGreaterThanOrEqual(0.5);
  });
});

describe('reason lists', () => {
  it('merge without repeats in a stable order, and read back only known reasons', () => {
    expect(mergeReasons(['too_fast'], ['honeypot', 'too_fast'])).toEqual(['honeypot', 'too_fast']);
    expect(parseReasons('["links","nonsense",3]')).toEqual(['links']);
    expect(parseReasons('not json')).toEqual([]);
  });
});

describe('isLinkStuffed', () => {
  it.each([
    ['one link in a bug report', 'The page https://shop.example/checkout shows a blank screen', false],
    ['three links', 'cheap https://a.example https://b.example www.c.example now', true],
    ['BBCode and HTML links', '[url=http://x.example]x[/url] <a href="http://y.example">y</a> [url]z[/url]', true],
    ['two links and little else', 'http://spam.example/a http://spam.example/b wow', true],
    ['two links in a longer text', 'Compare https://shop.example/a with https://shop.example/b, the second one has the wrong price in the cart', false],
  ])('%s → %s', (_what, text, expected) => {
    expect(isLinkStuffed(text)).toBe(expected);
  });

  it.each([
    ['in Chinese text without spaces', '便宜货看这里https://a.example买买https://b.example优惠https://c.example快来'],
    ['run together with commas', 'https://a.example,https://b.example,https://c.example'],
    ['glued to words', 'buyhttps://a.example cheaphttps://b.example nowhttps://c.example'],
    ['as hxxp and h**p', 'deals hxxp://a.example hxxps[:]//b.example h**p://c.example cheap'],
    ['defanged with [.] and (dot)', 'deals a-shop[.]com b-shop (dot) com c-shop{.}com cheap'],
    ['in full-width letters', 'ｃｈｅａｐ ａｓｈｏｐ．ｃｏｍ ｂｓｈｏｐ．ｃｏｍ ｃｓｈｏｐ．ｃｏｍ'],
    ['with ideographic full stops', '快来shop-a。com 或 shop-b。net 或 shop-c。cn'],
    ['as bare domains', 'best pills at pills.com, meds.net and drugs.ru today'],
    ['as bare domains in capitals', 'CHEAP PILLS.COM MEDS.NET DRUGS.RU'],
    ['in punycode', 'visit xn--80ak6aa92e.com xn--e1afmkfd.xn--p1ai xn--d1acufc.xn--p1ai'],
    ['shortened', 'bit.ly/abc1 t.co/xyz s.id/qq now'],
    ['as markdown', '[win](https://a.example) [cash](https://b.example) [now](https://c.example)'],
    ['one link three times', 'https://a.example/win https://a.example/win https://a.example/win'],
  ])('finds links stuffed %s', (_how, text) => {
    expect(isLinkStuffed(text)).toBe(true);
  });

  it.each([
    ['a pasted markdown link', '[https://shop.example/checkout](https://shop.example/checkout) is broken'],
    ['a link that is the whole text', 'https://shop.example/checkout?step=2&cart=8812'],
    ['a link with a link as its parameter', 'Blank page at https://shop.example/login?next=https://shop.example/cart'],
    ['a link in Chinese text', '结账页面https://shop.example/pay打不开。请修复。'],
    ['numbers and versions', 'The total shows 3.14 instead of 3.15 on v2.0, version 1.2.3 and 10.0.0.1'],
    ['email addresses', 'Please reply to john.doe@example.com or jane@mail.example.org about my order'],
    ['Chinese sentences', '结账页面打不开。我试了三次。请尽快修复。'],
    ['file and library names', 'Errors in main.js, app.ts, README.md, script.py, index.html, photo.jpg/png and Node.js/React'],
    ['sentences run together', 'It crashed.Info was lost.Live chat did not help.Site is down'],
  ])('finds no links stuffed in %s', (_what, text) => {
    expect(isLinkStuffed(text)).toBe(false);
  });
});

describe('submissionReasons', () => {
  const at = 1_000_000;
  const text = 'x'.repeat(100); // typing floor: 800 ms + 100 × 40 ms = 4.8 s

  it('flags a filled honeypot, even with nothing else wrong', () => {
    expect(submissionReasons({ hp: 'http://bot.example', shownAt: undefined, receivedAt: at, text: 'fine' })).toEqual(['honeypot']);
    expect(submissionReasons({ hp: '   ', shownAt: undefined, receivedAt: at, text: 'fine' })).toEqual([]);
  });

  it('flags text sent faster than anyone could type it, and only that', () => {
    expect(submissionReasons({ hp: undefined, shownAt: at - 4_700, receivedAt: at, text })).toEqual(['too_fast']);
    expect(submissionReasons({ hp: undefined, shownAt: at - 4_900, receivedAt: at, text })).toEqual([]);
    expect(submissionReasons({ hp: undefined, shownAt: at - 500, receivedAt: at, text: null })).toEqual(['too_fast']);
  });

  it('does not judge a shownAt after the server time (the browser clock may be ahead) or a missing one', () => {
    expect(submissionReasons({ hp: undefined, shownAt: at + 60_000, receivedAt: at, text })).toEqual([]);
    expect(submissionReasons({ hp: undefined, shownAt: undefined, receivedAt: at, text })).toEqual([]);
  });

  it('counts characters, not UTF-16 units, for the typing floor', () => {
    const emoji = '😀'.repeat(50); // 50 characters (100 UTF-16 units): floor 2.8 s
    expect(submissionReasons({ hp: undefined, shownAt: at - 3_000, receivedAt: at, text: emoji })).toEqual([]);
  });
});

describe('BurstWatch', () => {
  it(`flags a browser's submissions beyond ${BURST.client} a minute and an address's beyond ${BURST.ip}`, () => {
    let now = 0;
    const watch = new BurstWatch({ now: () => now });
    const client = Array.from({ length: BURST.client + 1 }, () => watch.observe('site', 'client_a', null));
    expect(client.slice(0, BURST.client).every((r) => r.length === 0)).toBe(true);
    expect(client.at(-1)).toEqual(['burst_client']);
    const ip = Array.from({ length: BURST.ip + 1 }, (_, i) => watch.observe('site', `client_${i}`, 'iphash'));
    expect(ip.slice(0, BURST.ip).every((r) => !r.includes('burst_ip'))).toBe(true);
    expect(ip.at(-1)).toEqual(['burst_ip']);
    now += 60_000;
    expect(watch.observe('site', 'client_a', 'iphash')).toEqual([]);
  });

  it(`flags a browser's submissions beyond ${BURST.client} in any minute, however they are spaced`, () => {
    let now = 0;
    const watch = new BurstWatch({ now: () => now });
    const seen = [];
    // One every 8 s: the sixth is the sixth within a minute.
    for (let i = 0; i < 7; i++, now += 8_000) seen.push(watch.observe('site', 'client_a', null));
    expect(seen).toEqual([[], [], [], [], [], ['burst_client'], ['burst_client']]);
    // The first one, sent at 0, leaves the window a minute later and makes room for one.
    now = 60_000;
    expect(watch.observe('site', 'client_a', null)).toEqual([]);
    expect(watch.observe('site', 'client_a', null)).toEqual(['burst_client']);
  });

  it('forgets a submission taken back, but not one that was bursting', () => {
    const watch = new BurstWatch({ now: () => 0 });
    for (let i = 0; i < BURST.client; i++) expect(watch.observe('site', 'client_a', null)).toEqual([]);
    const over = watch.observe('site', 'client_a', null);
    expect(over).toEqual(['burst_client']);
    watch.unobserve('site', 'client_a', null, over);
    expect(watch.observe('site', 'client_a', null)).toEqual(['burst_client']);
    watch.unobserve('site', 'client_a', null, []);
    expect(watch.observe('site', 'client_a', null)).toEqual([]);
  });
});
