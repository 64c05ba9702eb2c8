/**
 * Display names of the browser and OS classes the collector reduces a User-Agent to
 * (collector/services/user-agent.ts). Brand names read the same in English and Chinese; a class
 * with no name here ("other") is for the caller to word in its language.
 */
export const BROWSER_NAMES: Readonly<Record<string, string>> = {
  chrome: 'Chrome',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  opera: 'Opera',
  samsung: 'Samsung Internet',
  wechat: 'WeChat',
};

export const OS_NAMES: Readonly<Record<string, string>> = {
  windows: 'Windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'Android',
  linux: 'Linux',
  chromeos: 'ChromeOS',
};
