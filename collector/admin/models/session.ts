import { signal } from '@preact/signals';
import type { SessionInfo } from '../../../shared/schema/admin-api.ts';
import { ApiError, api, setCsrfToken } from '../api.ts';

/** Who is signed in; `undefined` while the first check runs, `null` when signed out. */
export const session = signal<SessionInfo | null | undefined>(undefined);
export const loginError = signal('');
/** The server's code for the last failed sign-in, so the page can say it in the reader's language. */
export const loginErrorCode = signal('');
export const loggingIn = signal(false);

/** Takes a session the server just opened (a sign-in, or an accepted invite). */
export function accept(info: SessionInfo): void {
  setCsrfToken(info.csrfToken);
  session.value = info;
}

export async function restoreSession(): Promise<void> {
  try {
    accept(await api<SessionInfo>('GET', '/session'));
  } catch {
    session.value = null;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  loggingIn.value = true;
  loginError.value = '';
  loginErrorCode.value = '';
  try {
    accept(await api<SessionInfo>('POST', '/session', { email, password }));
  } catch (err) {
    loginError.value = err instanceof ApiError ? err.message : 'Sign-in failed.';
    loginErrorCode.value = err instanceof ApiError ? err.code : 'unknown';
  } finally {
    loggingIn.value = false;
  }
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/session').catch(() => undefined);
  setCsrfToken('');
  session.value = null;
}
