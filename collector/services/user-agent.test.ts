import { describe, expect, it } from 'vitest';
import { classifyUserAgent } from './user-agent.ts';

const device = (ua: string) => classifyUserAgent(ua).device;

describe('classifyUserAgent', () => {
  it('counts a CUBOT phone as a phone, not a bot', () => {
    const cubot = 'Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0 Mobile Safari/537.36';
    expect(classifyUserAgent(cubot)).toEqual({ device: 'mobile', browser: 'chrome', os: 'android' });
  });

  it('counts crawlers, headless browsers and scripts as bots', () => {
    expect(device('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toBe('bot');
    expect(device('Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)')).toBe('bot');
    expect(device('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36')).toBe('bot');
    expect(device('curl/8.4.0')).toBe('bot');
    expect(device('python-requests/2.31.0')).toBe('bot');
    expect(device('Go-http-client/1.1')).toBe('bot');
  });

  it('keeps the classes of ordinary browsers', () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    const tablet = 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Safari/537.36';
    const windows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0';
    expect(classifyUserAgent(iphone)).toEqual({ device: 'mobile', browser: 'safari', os: 'ios' });
    expect(classifyUserAgent(tablet)).toEqual({ device: 'tablet', browser: 'samsung', os: 'android' });
    expect(classifyUserAgent(windows)).toEqual({ device: 'desktop', browser: 'edge', os: 'windows' });
    expect(classifyUserAgent(undefined)).toEqual({ device: 'unknown', browser: 'other', os: 'other' });
  });
});
