import { signal } from '@preact/signals';
import type { CreatedInvite, InviteItem, SessionItem, UserItem } from '../../../shared/schema/accounts.ts';
import type { Role } from '../../../shared/schema/admin-api.ts';
import { api } from '../api.ts';
import { actionStatus } from './action-status.ts';
import { restoreSession, session } from './session.ts';

/** The team page: members, pending invites and everyone's sessions (admin only; the API checks). */
export const members = signal<UserItem[]>([]);
export const invites = signal<InviteItem[]>([]);
export const teamSessions = signal<SessionItem[]>([]);
/** The link of the invite just created: shown once, since the server keeps only its hash. */
export const lastInvite = signal<CreatedInvite | null>(null);
export const teamLoaded = signal(false);
export const team = actionStatus();

async function refresh(): Promise<void> {
  const [u, i, s] = await Promise.all([
    api<{ items: UserItem[] }>('GET', '/users'),
    api<{ items: InviteItem[] }>('GET', '/invites'),
    api<{ items: SessionItem[] }>('GET', '/sessions'),
  ]);
  members.value = u.items;
  invites.value = i.items;
  teamSessions.value = s.items;
}

export async function loadTeam(): Promise<void> {
  await team.run('load', async () => {
    await refresh();
    teamLoaded.value = true;
  });
}

export function invite(email: string, role: Role, success: (created: CreatedInvite) => string) {
  return team.run(
    'invite',
    async () => {
      const created = await api<CreatedInvite>('POST', '/invites', { email, role });
      lastInvite.value = created;
      await refresh();
      return created;
    },
    success,
  );
}

export function revokeInvite(item: InviteItem, success: string) {
  return team.run(
    `revoke:${item.id}`,
    async () => {
      await api('DELETE', `/invites/${encodeURIComponent(item.id)}`);
      if (lastInvite.value?.invite.id === item.id) lastInvite.value = null;
      await refresh();
    },
    () => success,
  );
}

export function setRole(user: UserItem, role: Role, success: string) {
  return team.run(
    `role:${user.id}`,
    async () => {
      await api('PATCH', `/users/${encodeURIComponent(user.id)}`, { role });
      // An admin who stepped down sees the menu of their new role at once.
      if (user.id === session.value?.user.id) await restoreSession();
      if (session.value?.user.role === 'admin') await refresh();
    },
    () => success,
  ).then(async (done) => {
    // A refused change (last admin) leaves the select showing the new value: show the stored one.
    if (done === undefined) members.value = [...members.value];
  });
}

export function removeMember(user: UserItem, success: string) {
  return team.run(
    `remove:${user.id}`,
    async () => {
      await api('DELETE', `/users/${encodeURIComponent(user.id)}`);
      await refresh();
    },
    () => success,
  );
}

export function endTeamSession(session: SessionItem, success: string) {
  return team.run(
    `session:${session.id}`,
    async () => {
      await api('DELETE', `/sessions/${encodeURIComponent(session.id)}`);
      await refresh();
    },
    () => success,
  );
}
