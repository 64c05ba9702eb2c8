import { signal } from '@preact/signals';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';
import { ApiError } from '../api.ts';

/** A failed call in the reader's language: known codes are translated, others keep the server's words. */
export function errorText(err: unknown): string {
  const t = texts(accountTexts);
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.code === 'validation_failed') {
    const detail = err.issues.length > 0 ? err.issues.map((i) => issueText(i.path, i.message)).join('; ') : err.message;
    return t.err_validation_failed(detail);
  }
  const key = `err_${err.code}` as keyof typeof t;
  const known = t[key];
  return typeof known === 'string' ? known : err.message;
}

/** Origins are typed one per line, so a bad one is named by its line; other fields by path. */
function issueText(path: string, message: string): string {
  const t = texts(accountTexts);
  const origin = /^allowedOrigins\.(\d+)$/.exec(path);
  if (origin) return t.badOriginLine(Number(origin[1]) + 1);
  return `${path} ${message}`.trim();
}

/**
 * Busy flag, last success notice and last error of one area's actions, so a page can disable its
 * buttons while a call runs and announce the outcome in a live region.
 */
export function actionStatus() {
  const busy = signal<string | null>(null);
  const notice = signal('');
  const error = signal('');
  async function run<T>(name: string, action: () => Promise<T>, success?: (result: T) => string): Promise<T | undefined> {
    busy.value = name;
    notice.value = '';
    error.value = '';
    try {
      const result = await action();
      if (success) notice.value = success(result);
      return result;
    } catch (err) {
      error.value = errorText(err);
      return undefined;
    } finally {
      busy.value = null;
    }
  }
  return { busy, notice, error, run };
}

export type ActionStatus = ReturnType<typeof actionStatus>;
