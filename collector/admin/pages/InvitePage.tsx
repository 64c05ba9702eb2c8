import { useEffect, useRef } from 'preact/hooks';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { accountTexts } from '../i18n/accounts.ts';
import { formatTime, texts } from '../i18n/locale.ts';
import { acceptInvitation, invitation, inviteStatus, lookUp } from '../models/invite.ts';
import { route } from '../router.ts';
import '../styles/accounts.css';

/** Opened from an invite link: shows who is invited and lets them choose a password. Works signed out. */
export function InvitePage() {
  const t = texts(accountTexts);
  const token = route.value.path.split('/')[2] ?? '';
  const password = useRef<HTMLInputElement>(null);
  const repeated = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void lookUp(token);
  }, [token]);
  const found = invitation.value;
  const busy = inviteStatus.busy.value;
  return (
    <main class="login">
      <form
        class="card"
        aria-labelledby="invite-title"
        aria-busy={busy !== null}
        onSubmit={(event) => {
          event.preventDefault();
          void acceptInvitation(token, password.current?.value ?? '', repeated.current?.value ?? '');
        }}
      >
        <h1 id="invite-title">{t.inviteTitle}</h1>
        {busy === 'lookup' && <p role="status">{t.inviteChecking}</p>}
        {found && (
          <>
            <p>{t.inviteFor(found.email, t[`role_${found.role}`])}</p>
            <p class="muted small">{t.inviteExpires(formatTime(found.expiresAt))}</p>
            <input type="email" name="email" autoComplete="username" value={found.email} readOnly hidden />
            <NewPasswordFields password={password} repeated={repeated} ruleId="password-rule" autoFocus />
          </>
        )}
        <p class="error" role="alert">
          {inviteStatus.error.value}
        </p>
        {found ? (
          <button type="submit" disabled={busy !== null}>
            {busy === 'accept' ? t.creating : t.createAccount}
          </button>
        ) : (
          busy === null && <a href="#/inbox">{t.goToSignIn}</a>
        )}
        <LanguageSelect />
      </form>
    </main>
  );
}
