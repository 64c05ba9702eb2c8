/**
 * Whether an If-None-Match header names `etag` (RFC 9110 §13.1.2): a list of tags, or `*`, compared
 * weakly — `W/"x"` matches `"x"`. A proxy that compresses answers (nginx with gzip) turns our strong
 * tags weak, and browsers send back what they got.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = bare(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === wanted);
}
