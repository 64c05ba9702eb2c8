import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';
import { segment } from './segment.ts';

const detect = (text: string, locale?: string) => detectLanguage(text, segment(text), locale);

describe('detectLanguage', () => {
  it.each([
    ['The checkout page keeps crashing', 'en'],
    ['ok', 'en'],
    ['太慢了', 'zh'],
    ['還不錯，推薦', 'zh'],
    ['iPhone很好用', 'zh'],
    ['这个app的UI很好看', 'zh'],
    ['love it but checkout is broken 太慢了', 'mixed'],
    ['客服 support is slow and 退款 takes forever 太慢', 'mixed'],
    ['Muy bueno el producto, lo recomiendo', 'other'],
    ['Das Produkt ist wirklich sehr gut', 'other'],
    ['Очень хорошо', 'other'],
    ['とても良いです', 'other'],
    ['日本語のテキスト', 'other'],
    ['좋아요', 'other'],
    ['👍👍', 'other'],
    ['', 'other'],
  ])('%j → %s', (text, language) => {
    expect(detect(text)).toBe(language);
  });

  it('uses the page locale only to settle short unknown Latin text', () => {
    expect(detect('Bonjour merci', 'fr')).toBe('other');
    expect(detect('Bonjour merci', 'en')).toBe('en');
    // Text that is plainly English stays English whatever the page says.
    expect(detect('The login button does not work on my phone', 'fr')).toBe('en');
  });
});
