import { useEffect, useRef } from 'preact/hooks';
import { PASSWORD_MIN_LENGTH } from '../../../shared/schema/accounts.ts';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
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
            <label>
              {t.newPassword}
              <input
                ref={password}
                type="password"
                name="new-password"
                autoComplete="new-password"
                minLength={PASSWORD_MIN_LENGTH}
                required
                autoFocus
                aria-describedby="password-rule"
              />
            </label>
            <p id="password-rule" class="muted small">
              {t.passwordRule(PASSWORD_MIN_LENGTH)}
            </p>
            <label>
              {t.confirmPassword}
              <input ref={repeated} type="password" name="repeat-password" autoComplete="new-password" required />
            </label>
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
