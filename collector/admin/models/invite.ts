import { signal } from '@preact/signals';
import type { InviteLookup } from '../../../shared/schema/accounts.ts';
import type { SessionInfo } from '../../../shared/schema/admin-api.ts';
import { api } from '../api.ts';
import { href } from '../router.ts';
import { actionStatus } from './action-status.ts';
import { newPasswordProblem } from './new-password.ts';
import { accept } from './session.ts';

/** The invite page (#/invite/<token>), used while signed out. */
export const invitation = signal<InviteLookup | null>(null);
export const inviteStatus = actionStatus();

export async function lookUp(token: string): Promise<void> {
  invitation.value = null;
  await inviteStatus.run('lookup', async () => {
    invitation.value = await api<InviteLookup>('POST', '/invites/lookup', { token });
  });
}

/** Checks the two passwords here first, so the common mistakes need no round trip. */
export async function acceptInvitation(token: string, password: string, repeated: string): Promise<void> {
  const problem = newPasswordProblem(password, repeated);
  if (problem) {
    inviteStatus.error.value = problem;
    return;
  }
  const info = await inviteStatus.run('accept', () => api<SessionInfo>('POST', '/invites/accept', { token, password }));
  if (info) {
    invitation.value = null;
    accept(info);
    // Replaces the invite's history entry, so Back does not show a used link and the token leaves the address bar.
    location.replace(href('/inbox'));
  }
}
