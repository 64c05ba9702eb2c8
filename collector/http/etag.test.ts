import { describe, expect, it } from 'vitest';
import { etagMatches } from './etag.ts';

describe('etagMatches', () => {
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", W/"abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['"x", "y"', false],
    [undefined, false],
    ['', false],
  ])('If-None-Match %j → %s', (header, matches) => {
    expect(etagMatches(header, '"abc"')).toBe(matches);
  });
});
