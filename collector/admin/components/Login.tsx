import { useRef } from 'preact/hooks';
import { accountTexts } from '../i18n/accounts.ts';
import { texts } from '../i18n/locale.ts';
import { loggingIn, loginError, loginErrorCode, signIn } from '../models/session.ts';
import '../styles/accounts.css';
import { LanguageSelect } from './LanguageSelect.tsx';

/** The sign-in page, in English or Chinese; errors the server names by code are translated. */
export function Login() {
  const t = texts(accountTexts);
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const known = t[`err_${loginErrorCode.value}` as keyof typeof t];
  const error = loginError.value ? (typeof known === 'string' ? known : loginError.value) : '';
  return (
    <main class="login">
      <form
        class="card"
        aria-labelledby="login-title"
        onSubmit={(event) => {
          event.preventDefault();
          void signIn(email.current?.value ?? '', password.current?.value ?? '');
        }}
      >
        <h1 id="login-title">{t.signInTitle}</h1>
        <p class="muted">{t.signInIntro}</p>
        <label>
          {t.email}
          <input ref={email} type="email" name="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t.password}
          <input ref={password} type="password" name="password" autoComplete="current-password" required />
        </label>
        <p class="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={loggingIn.value}>
          {loggingIn.value ? t.signingIn : t.signIn}
        </button>
        <p class="muted small">{t.forgotHint}</p>
        <LanguageSelect />
      </form>
    </main>
  );
}
