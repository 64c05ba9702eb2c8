import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { Login } from './components/Login.tsx';
import { ResponseList } from './components/ResponseList.tsx';
import { restoreSession, session, signOut } from './models/session.ts';
import './styles.css';

function App() {
  useEffect(() => {
    void restoreSession();
  }, []);
  const current = session.value;
  if (current === undefined) return <p class="status">Loading…</p>;
  if (current === null) return <Login />;
  return (
    <>
      <header class="top">
        <strong>Feedloop</strong>
        <span class="who">
          {current.user.email} ({current.user.role})
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main class="content">
        <ResponseList />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
