import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { Login } from './components/Login.tsx';
import { Shell } from './components/Shell.tsx';
import { shellTexts } from './i18n/shell.ts';
import { locale, texts } from './i18n/locale.ts';
import { restoreSession, session } from './models/session.ts';
import { InvitePage } from './pages/InvitePage.tsx';
import { section } from './router.ts';
import './styles.css';

function App() {
  useEffect(() => {
    void restoreSession();
  }, []);
  document.documentElement.lang = locale.value;
  // An invite link is opened by someone who has no account yet: it never needs a session.
  if (section.value === 'invite') return <InvitePage />;
  const current = session.value;
  if (current === undefined) return <p class="status">{texts(shellTexts).loading}</p>;
  if (current === null) return <Login />;
  return <Shell />;
}

render(<App />, document.getElementById('app')!);
