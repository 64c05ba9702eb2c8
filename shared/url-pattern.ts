/**
 * URL patterns for targeting: `*` matches any run of characters, everything else is literal.
 * A pattern without a scheme matches the URL's path, or its path with the query and fragment, so
 * `/checkout/*` works on every domain of a site and whatever campaign parameters a link carries,
 * while `https://shop.example/*` pins the host.
 */
export function urlMatches(pattern: string, url: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`, 'i');
  if (/^[a-z]+:\/\//i.test(pattern)) return re.test(url);
  // The path alone ("/pricing" still matches "/pricing?utm_source=mail" or "/pricing#plans"),
  // or the path with its query and fragment, for patterns that target those ("*page=pricing*").
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return re.test(path.split(/[?#]/)[0] || '/') || re.test(path);
}

/** Included by at least one include pattern (or there are none) and by no exclude pattern. */
export function urlTargeted(url: string, include: string[], exclude: string[]): boolean {
  if (include.length > 0 && !include.some((p) => urlMatches(p, url))) return false;
  return !exclude.some((p) => urlMatches(p, url));
}
