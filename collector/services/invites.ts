import type { Kysely } from 'kysely';
import type { CreatedInvite, InviteBody, InviteItem, InviteLookup } from '../../shared/schema/accounts.ts';
import { findAdminByEmail, insertAdmin } from '../store/admin-users.ts';
import type { AdminInvite, AdminUser, Database } from '../store/database.ts';
import {
  deleteExpiredInvites,
  deleteInvite,
  deleteInvitesFor,
  findLiveInviteByHash,
  insertInvite,
  listPendingInvites,
} from '../store/invites.ts';
import { AppError } from './app-error.ts';
import { type AuthDeps, type LoggedIn, hashToken, openSession } from './auth.ts';
import { type Ids, randomToken } from './clock-ids.ts';
import { hashPassword } from './passwords.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InviteDeps extends AuthDeps {
  db: Kysely<Database>;
  ids: Ids;
  publicUrl: string;
}

const GONE = 'This invite link is unknown, already used, revoked or expired; ask an admin for a new one.';

export function toInviteItem(invite: AdminInvite): InviteItem {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    createdAt: invite.created_at,
    expiresAt: invite.expires_at,
    invitedBy: invite.invited_by,
  };
}

/** The link carries the token after the hash, so it never reaches a server log; it is shown once. */
export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/admin/#/invite/${token}`;
}

/** A new invite replaces any earlier one for the same address, so "invite again" resends. */
export async function createInvite(deps: InviteDeps, by: AdminUser, body: InviteBody): Promise<CreatedInvite> {
  if (await findAdminByEmail(deps.db, body.email)) {
    throw new AppError('email_taken', `${body.email} already has an account; change its role in the team list instead.`);
  }
  const now = deps.clock.now();
  const token = randomToken(32);
  const invite: AdminInvite = {
    id: deps.ids.next('inv'),
    token_hash: hashToken(token),
    email: body.email,
    role: body.role,
    invited_by: by.id,
    created_at: now,
    expires_at: now + INVITE_TTL_MS,
  };
  await deps.db.transaction().execute(async (trx) => {
    // Expired rows are useless; clearing them here keeps the table as small as the pending list.
    await deleteExpiredInvites(trx, now);
    await deleteInvitesFor(trx, body.email);
    await insertInvite(trx, invite);
  });
  return { invite: toInviteItem(invite), link: inviteLink(deps.publicUrl, token) };
}

export async function pendingInvites(deps: InviteDeps): Promise<InviteItem[]> {
  return (await listPendingInvites(deps.db, deps.clock.now())).map(toInviteItem);
}

export async function revokeInvite(deps: InviteDeps, id: string): Promise<void> {
  if (!(await deleteInvite(deps.db, id))) throw new AppError('invite_not_found', `No pending invite ${id.slice(0, 64)}.`);
}

async function liveInvite(deps: InviteDeps, token: string): Promise<AdminInvite> {
  const invite = await findLiveInviteByHash(deps.db, hashToken(token), deps.clock.now());
  if (!invite) throw new AppError('invite_not_found', GONE);
  return invite;
}

/** What the invite page shows before the password is chosen. */
export async function lookupInvite(deps: InviteDeps, token: string): Promise<InviteLookup> {
  const invite = await liveInvite(deps, token);
  return { email: invite.email, role: invite.role, expiresAt: invite.expires_at };
}

/**
 * Creates the account the invite names and signs it in. The invite row is deleted in the same
 * transaction as the account is created, and only the request whose delete removed it goes on:
 * two tabs submitting the same link make one account, the other gets invite_not_found.
 */
export async function acceptInvite(
  deps: InviteDeps,
  input: { token: string; password: string; userAgent: string },
): Promise<LoggedIn> {
  const invite = await liveInvite(deps, input.token);
  // scrypt takes ~100 ms: done before the transaction so it holds the database only briefly.
  const passwordHash = await hashPassword(input.password);
  const user: AdminUser = {
    id: deps.ids.next('usr'),
    email: invite.email,
    password_hash: passwordHash,
    role: invite.role,
    failed_logins: 0,
    locked_until: null,
    created_at: deps.clock.now(),
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteInvite(trx, invite.id))) throw new AppError('invite_not_found', GONE);
    if (await findAdminByEmail(trx, invite.email)) {
      throw new AppError('email_taken', `${invite.email} already has an account; sign in instead.`);
    }
    await insertAdmin(trx, user);
  });
  return openSession(deps, user, input.userAgent);
}
