import { useRef } from 'preact/hooks';
import { loggingIn, loginError, signIn } from '../models/session.ts';

export function Login() {
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  return (
    <main class="login">
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          void signIn(email.current?.value ?? '', password.current?.value ?? '');
        }}
      >
        <h1>Feedloop</h1>
        <label>
          Email
          <input ref={email} type="email" name="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input ref={password} type="password" name="password" autoComplete="current-password" required />
        </label>
        <p class="error" role="alert">
          {loginError.value}
        </p>
        <button type="submit" disabled={loggingIn.value}>
          {loggingIn.value ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
