import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { WritesStopped } from '../store/group-commit.ts';
import { handleError } from './errors.ts';

function appThrowing(error: Error) {
  const app = new Hono();
  app.post('/write', () => {
    throw error;
  });
  app.onError(handleError);
  return app;
}

const sqliteError = (code: string) => Object.assign(new Error('database or disk is full'), { code });

describe('errors of the disk', () => {
  it('answers a full disk with 503 storage_full and a Retry-After, logging it once a minute, not once a request', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const code of ['SQLITE_FULL', 'ENOSPC', 'SQLITE_FULL']) {
        const res = await appThrowing(sqliteError(code)).request('/write', { method: 'POST' });
        expect(res.status).toBe(503);
        expect(res.headers.get('Retry-After')).toBe('60');
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('storage_full');
      }
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });

  it('answers writes refused after a failed fsync with 503 storage_failed', async () => {
    const res = await appThrowing(new WritesStopped(new Error('EIO'))).request('/write', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('60');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('storage_failed');
  });
});
