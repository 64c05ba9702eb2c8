import { describe, expect, it } from 'vitest';
import { clientIdsOf } from './sender.ts';

describe('clientIdsOf', () => {
  it('names the client ids of a body, a batch once per item', () => {
    expect(clientIdsOf({ clientId: 'client_abcdefgh' })).toEqual(['client_abcdefgh']);
    expect(clientIdsOf({ batch: [{ clientId: 'client_aaaaaaaa' }, { clientId: 'client_bbbbbbbb' }] }, 'batch')).toEqual([
      'client_aaaaaaaa',
      'client_bbbbbbbb',
    ]);
  });

  it('skips ill-formed ids, which would otherwise each be kept in memory as a rate-limit key', () => {
    // The body is not validated yet: a 60 KB "client id" per request added up to gigabytes.
    expect(clientIdsOf({ clientId: 'x'.repeat(60_000) })).toEqual([]);
    expect(clientIdsOf({ batch: [{ clientId: 'short' }, { clientId: 42 }, { clientId: 'client_okokokok' }] }, 'batch')).toEqual([
      'client_okokokok',
    ]);
  });
});
