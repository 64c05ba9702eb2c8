import { useEffect, useRef } from 'preact/hooks';
import { NewPasswordFields } from '../components/NewPasswordFields.tsx';
import { SessionTable } from '../components/SessionTable.tsx';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';
import { changePassword, endMySession, loadMySessions, mySessions, password, sessions } from '../models/account.ts';
import { newPasswordProblem } from '../models/new-password.ts';
import { session } from '../models/session.ts';
import '../styles/accounts.css';

/** The signed-in user's own password and sessions; every role has it. */
export function AccountPage() {
  const t = texts(accountTexts);
  const me = session.value!.user;
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const repeated = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void loadMySessions();
  }, []);
  const changing = password.busy.value !== null;
  return (
    <div class="accounts">
      <h1>{t.accountTitle}</h1>
      <p>{t.signedInAs(me.email, t[`role_${me.role}`])}</p>

      <section class="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">{t.passwordHeading}</h2>
        <form
          class="stack-form"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const nextValue = next.current?.value ?? '';
            const problem = newPasswordProblem(nextValue, repeated.current?.value ?? '');
            if (problem) {
              password.error.value = problem;
              return;
            }
            void changePassword(current.current?.value ?? '', nextValue, t.passwordChanged).then((ok) => {
              if (ok) form.reset();
            });
          }}
        >
          <input type="email" name="email" autoComplete="username" value={me.email} readOnly hidden />
          <label>
            {t.currentPassword}
            <input ref={current} type="password" name="current-password" autoComplete="current-password" required />
          </label>
          <NewPasswordFields password={next} repeated={repeated} ruleId="new-password-rule" />
          <p class="error" role="alert">
            {password.error.value}
          </p>
          <p class="status-line" role="status">
            {password.notice.value}
          </p>
          <div>
            <button type="submit" disabled={changing}>
              {changing ? t.changing : t.changePassword}
            </button>
          </div>
        </form>
      </section>

      <section class="panel" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t.sessionsHeading}</h2>
        <p class="muted">{t.sessionsHelp}</p>
        <p class="error" role="alert">
          {sessions.error.value}
        </p>
        <p class="status-line" role="status">
          {sessions.notice.value}
        </p>
        <SessionTable
          items={mySessions.value}
          disabled={sessions.busy.value !== null}
          onEnd={(item) => void endMySession(item, t.sessionEnded)}
        />
      </section>
    </div>
  );
}
