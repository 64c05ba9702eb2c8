import { useEffect, useRef } from 'preact/hooks';
import { ROLES, type Role } from '../../../shared/schema/admin-api.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { CopyField } from '../components/CopyField.tsx';
import { SessionTable } from '../components/SessionTable.tsx';
import { accountTexts } from '../i18n/accounts.ts';
import { formatTime, texts } from '../i18n/locale.ts';
import { session } from '../models/session.ts';
import {
  endTeamSession,
  invite,
  invites,
  lastInvite,
  loadTeam,
  members,
  removeMember,
  revokeInvite,
  setRole,
  team,
  teamLoaded,
  teamSessions,
} from '../models/team.ts';
import '../styles/accounts.css';

/** Members and their roles, invites by one-time link, and the team's sessions. Admins only. */
export function TeamPage() {
  const t = texts(accountTexts);
  const me = session.value!.user;
  const email = useRef<HTMLInputElement>(null);
  const role = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    void loadTeam();
  }, []);
  const busy = team.busy.value;
  const roleName = (r: Role) => t[`role_${r}`];
  return (
    <div class="accounts">
      <h1>{t.teamTitle}</h1>
      <p class="status-line" role="status">
        {team.notice.value}
      </p>
      <p class="error" role="alert">
        {team.error.value}
      </p>

      <section class="panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t.inviteHeading}</h2>
        <p class="muted">{t.inviteHelp}</p>
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const address = email.current?.value ?? '';
            void invite(address, (role.current?.value ?? 'agent') as Role, (created) => t.inviteCreated(created.invite.email)).then(
              (created) => {
                if (created && email.current) email.current.value = '';
              },
            );
          }}
        >
          <label>
            {t.email}
            <input ref={email} type="email" name="invite-email" required autoComplete="off" />
          </label>
          <label>
            {t.role}
            <select ref={role} name="invite-role">
              {ROLES.map((r) => (
                // `selected`, not the select's defaultValue: Preact has no defaultValue for selects.
                <option key={r} value={r} selected={r === 'agent'}>
                  {roleName(r)} — {t[`roleHint_${r}`]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy !== null}>
            {busy === 'invite' ? t.inviting : t.createInvite}
          </button>
        </form>
        {lastInvite.value && <CopyField label={t.inviteLink} value={lastInvite.value.link} />}
      </section>

      <section class="panel" aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t.pendingHeading}</h2>
        {teamLoaded.value && invites.value.length === 0 ? (
          <p class="muted">{t.noPending}</p>
        ) : (
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">{t.email}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.expires}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.value.map((item) => (
                <tr key={item.id}>
                  <td>{item.email}</td>
                  <td>{roleName(item.role)}</td>
                  <td>{formatTime(item.expiresAt)}</td>
                  <td class="actions">
                    <ConfirmButton
                      disabled={busy !== null}
                      label={`${t.revoke}: ${item.email}`}
                      question={t.revokeConfirm(item.email)}
                      onConfirm={() => void revokeInvite(item, t.revoked(item.email))}
                    >
                      {t.revoke}
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">{t.membersHeading}</h2>
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.joined}</th>
              <th scope="col">
                <span class="visually-hidden">{t.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.value.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.email} {user.id === me.id && <span class="muted">{t.you}</span>}{' '}
                  {user.lockedUntil !== null && <span class="badge">{t.locked}</span>}
                </td>
                <td>
                  <select
                    aria-label={t.roleOf(user.email)}
                    value={user.role}
                    disabled={busy !== null}
                    onChange={(e) => {
                      const next = e.currentTarget.value as Role;
                      void setRole(user, next, t.roleChanged(user.email, roleName(next)));
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleName(r)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{formatTime(user.createdAt)}</td>
                <td class="actions">
                  <ConfirmButton
                    danger
                    disabled={busy !== null}
                    label={`${t.remove}: ${user.email}`}
                    question={t.removeConfirm(user.email)}
                    onConfirm={() => void removeMember(user, t.removed(user.email))}
                  >
                    {t.remove}
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="panel" aria-labelledby="team-sessions-heading">
        <h2 id="team-sessions-heading">{t.allSessionsHeading}</h2>
        <SessionTable
          items={teamSessions.value}
          showUser
          disabled={busy !== null}
          onEnd={(item) => void endTeamSession(item, t.sessionEnded)}
        />
      </section>
    </div>
  );
}
