import { AppError } from './app-error.ts';

export interface Cursor {
  receivedAt: number;
  id: string;
}

/** Keyset cursors are opaque to clients so their shape can change without breaking links. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.receivedAt}:${cursor.id}`).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  const receivedAt = Number(at);
  if (!id || !Number.isSafeInteger(receivedAt)) {
    throw new AppError('validation_failed', 'cursor: not a cursor this API handed out', { field: 'cursor' });
  }
  return { receivedAt, id };
}
