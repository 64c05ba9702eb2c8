/**
 * Reduces a User-Agent header to three coarse classes. The raw header is never stored:
 * it is close to a fingerprint, and the classes are all the reports need.
 */
export interface UaClass {
  device: 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
  browser: 'chrome' | 'edge' | 'firefox' | 'safari' | 'opera' | 'samsung' | 'wechat' | 'other';
  os: 'windows' | 'macos' | 'ios' | 'android' | 'linux' | 'chromeos' | 'other';
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: Array<[RegExp, UaClass['browser']]> = [
  [/MicroMessenger/i, 'wechat'],
  [/Edg(e|A|iOS)?\//, 'edge'],
  [/OPR\/|Opera/, 'opera'],
  [/SamsungBrowser/, 'samsung'],
  [/Firefox\/|FxiOS/, 'firefox'],
  [/Chrome\/|CriOS|Chromium/, 'chrome'],
  [/Safari\//, 'safari'],
];

const SYSTEMS: Array<[RegExp, UaClass['os']]> = [
  [/iPhone|iPad|iPod/, 'ios'],
  [/Android/, 'android'],
  [/CrOS/, 'chromeos'],
  [/Windows/, 'windows'],
  [/Mac OS X|Macintosh/, 'macos'],
  [/Linux|X11/, 'linux'],
];

/**
 * Crawlers, headless browsers, and scripts (their HTTP library names the UA, no browser does):
 * "bot" anywhere (Googlebot, YandexBot, bingbot) except in CUBOT, a maker of Android phones.
 */
const BOT =
  /(?<!cu)bot|crawler|spider|crawling|headlesschrome|lighthouse|phantomjs|slurp|facebookexternalhit|^(curl|wget|python|go-http-client|java|node-fetch|axios|undici|libwww-perl|scrapy)\b/i;

export function classifyUserAgent(ua: string | undefined | null): UaClass {
  if (!ua) return { device: 'unknown', browser: 'other', os: 'other' };
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? 'other';
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? 'other';
  let device: UaClass['device'] = 'desktop';
  if (BOT.test(ua)) device = 'bot';
  else if (/iPad|Tablet|(Android(?!.*Mobile))/i.test(ua)) device = 'tablet';
  else if (/Mobi|iPhone|iPod|Android/i.test(ua)) device = 'mobile';
  return { device, browser, os };
}
