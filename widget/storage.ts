/**
 * localStorage that never throws into the host page: it is missing in some sandboxes, throws in
 * Safari private mode on old versions, and may be full.
 */
export function readJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or unavailable: the widget keeps working for this page view.
  }
}

export function removeItem(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Unavailable storage has nothing to remove.
  }
}

/** URL-safe random text; crypto.getRandomValues works on plain-http pages where randomUUID does not. */
export function randomId(bytes = 16): string {
  let out = '';
  for (const b of crypto.getRandomValues(new Uint8Array(bytes))) {
    out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63];
  }
  return out;
}
