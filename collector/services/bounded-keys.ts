/**
 * Bounds an in-memory map of per-key state (rate limits, burst counts), called before a new key
 * goes in once the map holds `maxKeys`: entries that are the same as no entry go first, then the
 * oldest, down to 90% of the bound so this runs rarely. Forgetting a key must only ever be as if
 * it had never been seen.
 */
export function makeRoom<V>(map: Map<string, V>, maxKeys: number, forgettable: (value: V) => boolean): void {
  for (const [key, value] of map) if (forgettable(value)) map.delete(key);
  const keep = Math.floor(maxKeys * 0.9);
  for (const key of map.keys()) {
    if (map.size <= keep) break;
    map.delete(key);
  }
}
