/**
 * localStorage that never throws into the host page: it is missing in some sandboxes, throws in
 * Safari private mode on old versions, and may be full.
 */
export function readItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** URL-safe random text; crypto.getRandomValues works on plain-http pages where randomUUID does not. */
export function randomId(bytes = 16): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const b of buf) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63];
  return out;
}

const CLIENT_KEY = 'feedloop:cid';

/** The anonymous client id: stable across visits when storage works, per page view when not. */
export function clientId(): string {
  const existing = readItem(CLIENT_KEY);
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const id = randomId();
  writeItem(CLIENT_KEY, id);
  return id;
}
