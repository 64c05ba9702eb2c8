import { readFileSync } from 'node:fs';

/** The objects of a JSON-lines file, in order; blank lines are skipped. */
export function readJsonLines<T>(path: string | URL): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
