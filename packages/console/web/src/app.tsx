/**
 * The console: asks the node who is logged in, shows the login page until someone is, then the navigation and the
 * pages. Any 401 from the API (the session expired or was revoked) brings the login back.
 */
import { useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { api, setUnauthorizedHandler } from './api-client.ts';
import type { SessionDocument, User } from './api-types.ts';
import { AppLayout } from './components/app-layout.tsx';
import { ConnectionPage } from './pages/connection-page.tsx';
import { ErrorsPage } from './pages/errors-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NewConnectionPage } from './pages/new-connection-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { StatisticsPage } from './pages/statistics-page.tsx';
import { TokensPage } from './pages/tokens-page.tsx';
import { TwinPage } from './pages/twin-page.tsx';

type SessionState = { state: 'checking' } | { state: 'anonymous' } | { state: 'signed-in'; user: User };

/** The whole console. */
export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'checking' });

  useEffect(() => {
    setUnauthorizedHandler(() => setSession({ state: 'anonymous' }));
    api<SessionDocument>('GET', '/api/session').then(
      ({ user }) => setSession(user ? { state: 'signed-in', user } : { state: 'anonymous' }),
      () => setSession({ state: 'anonymous' }),
    );
  }, []);

  const logOut = useCallback(async () => {
    await api('DELETE', '/api/session').catch(() => undefined);
    setSession({ state: 'anonymous' });
  }, []);

  if (session.state === 'checking') return <div className="splash">Tandem</div>;
  if (session.state === 'anonymous') {
    return <LoginPage onLogin={(user) => setSession({ state: 'signed-in', user })} />;
  }
  return (
    <AppLayout user={session.user} onLogOut={logOut}>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/login" element={<Navigate to="/" replace />} />
        <Route path="/connections/new" element={<NewConnectionPage />} />
        <Route path="/connections/:name" element={<ConnectionPage />} />
        <Route path="/twins" element={<TwinPage />} />
        <Route path="/twins/:id" element={<TwinPage />} />
        <Route path="/errors" element={<ErrorsPage />} />
        <Route path="/statistics" element={<StatisticsPage />} />
        <Route path="/tokens" element={<TokensPage />} />
        <Route path="*" element={<p className="empty">No such page.</p>} />
      </Routes>
    </AppLayout>
  );
}
