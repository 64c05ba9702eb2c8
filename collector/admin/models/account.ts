import { signal } from '@preact/signals';
import type { SessionItem } from '../../../shared/schema/accounts.ts';
import { api } from '../api.ts';
import { actionStatus } from './action-status.ts';
import { signOut } from './session.ts';

/** The account page: the signed-in user's password and sessions. */
export const mySessions = signal<SessionItem[]>([]);
export const sessionsLoaded = signal(false);
export const password = actionStatus();
export const sessions = actionStatus();

export async function loadMySessions(): Promise<void> {
  await sessions.run('load', async () => {
    mySessions.value = (await api<{ items: SessionItem[] }>('GET', '/account/sessions')).items;
    sessionsLoaded.value = true;
  });
}

export async function changePassword(currentPassword: string, newPassword: string, success: string): Promise<boolean> {
  const done = await password.run(
    'change',
    async () => {
      await api('PUT', '/account/password', { currentPassword, newPassword });
      return true;
    },
    () => success,
  );
  // The server signed the other sessions out: show the list as it is now.
  if (done) await loadMySessions();
  return done === true;
}

export async function endMySession(item: SessionItem, success: string): Promise<void> {
  await sessions.run(
    `end:${item.id}`,
    async () => {
      await api('DELETE', `/account/sessions/${encodeURIComponent(item.id)}`);
      if (item.current) {
        await signOut();
        return;
      }
      mySessions.value = mySessions.value.filter((s) => s.id !== item.id);
    },
    () => success,
  );
}
