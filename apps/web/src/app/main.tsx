import { type JSX, render } from 'preact';
import { startI18n, useLanguage } from '../shared/i18n';
import { NAMESPACES, RESOURCES } from './locales';
import { useState } from 'preact/hooks';
import { api } from '../shared/api/client';
import { sessionGuard } from '../shared/session-guard';
import { navigate, useRoute } from '../shared/ui';
import '../shared/style.css';
import './app.css';
import { Shell } from './components/shell';
import { BASE, SESSION_KEY } from './config';
import { AccountScreen } from './screens/account.screen';
import { AuthScreen } from './screens/auth.screen';
import { HomeScreen } from './screens/home.screen';
import { PayCodeScreen } from './screens/pay-code.screen';
import { PayScreen } from './screens/pay.screen';
import { ReceiptScreen } from './screens/receipt.screen';
import { ScanScreen } from './screens/scan.screen';
import { StatementScreen } from './screens/statement.screen';
import { SendScreen } from './screens/send.screen';
import { EnvelopeScreen, EnvelopesScreen } from './screens/envelopes.screen';
import { BillScreen } from './screens/bill.screen';
import { forgetFrozen, frozenWatch, useFrozen } from './frozen';
import { forgetPack } from './payment-pack';
import { loadSession, type Notice, type Session } from './session';
import type { Payment, RedEnvelope, ScanResult } from './types';

// every answer of the service, on any screen, is watched for a frozen wallet (423 account_frozen)
api.use(frozenWatch);

/** The wallet: the session, and which screen the path shows. */
function App(): JSX.Element {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [payment, setPayment] = useState<Payment | null>(null);
  const [envelope, setEnvelope] = useState<RedEnvelope | null>(null);
  useLanguage(); // a switch of language re-renders every screen
  const route = useRoute(BASE);
  const frozen = useFrozen();

  const signIn = (s: Session) => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(s));
    setSession(s);
    setNotice(null);
    navigate(`${BASE}/`, true);
  };
  const signOut = (why?: Notice) => {
    localStorage.removeItem(SESSION_KEY);
    // the codes of a signed-out account are refused: the phone forgets them too
    forgetPack();
    forgetFrozen();
    setSession(null);
    setScan(null);
    setPayment(null);
    setNotice(why ?? null);
    navigate(`${BASE}/`, true);
  };
  // a session the service no longer accepts ends here (a wrong PIN is no such answer)
  const guard = sessionGuard(
    () => signOut('sessionEnded'),
    (e) => e.code === 'invalid_credentials',
  );

  if (!session)
    return (
      <Shell>
        <AuthScreen onSignedIn={signIn} notice={notice} />
      </Shell>
    );
  const token = session.token;
  let screen: JSX.Element;
  if (route === 'scan')
    screen = (
      <ScanScreen
        token={token}
        guard={guard}
        onScanned={(s) => {
          setScan(s);
          navigate(`${BASE}/pay`);
        }}
      />
    );
  else if (route === 'pay' && scan)
    screen = (
      <PayScreen
        scan={scan}
        token={token}
        guard={guard}
        onPaid={(p) => {
          setPayment(p);
          setScan(null);
          navigate(`${BASE}/receipt/${p.id}`, true);
        }}
      />
    );
  else if (route.startsWith('receipt/'))
    screen = <ReceiptScreen id={route.slice(8)} token={token} guard={guard} known={payment} />;
  else if (route === 'code') screen = <PayCodeScreen token={token} guard={guard} />;
  else if (route === 'send') screen = <SendScreen token={token} guard={guard} />;
  else if (route === 'envelopes')
    screen = (
      <EnvelopesScreen
        token={token}
        guard={guard}
        onMade={(e) => {
          setEnvelope(e);
          navigate(`${BASE}/envelopes/${e.id}`);
        }}
      />
    );
  else if (route.startsWith('envelopes/'))
    screen = (
      <EnvelopeScreen
        id={route.slice(10)}
        token={token}
        guard={guard}
        known={envelope?.id === route.slice(10) ? envelope : null}
      />
    );
  else if (route === 'bill')
    screen = (
      <BillScreen
        token={token}
        guard={guard}
        onFound={(s) => {
          setScan(s);
          navigate(`${BASE}/pay`);
        }}
      />
    );
  else if (route === 'statement') screen = <StatementScreen token={token} guard={guard} />;
  else if (route === 'account') screen = <AccountScreen token={token} guard={guard} onSignOut={signOut} />;
  else screen = <HomeScreen token={token} guard={guard} />;
  return (
    <Shell nav={route} frozen={frozen}>
      {screen}
    </Shell>
  );
}

startI18n(RESOURCES, NAMESPACES);
render(<App />, document.getElementById('root')!);

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => undefined);
  });
}
