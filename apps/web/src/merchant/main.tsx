import { type JSX, render } from 'preact';
import { startI18n, t, useLanguage } from '../shared/i18n';
import { NAMESPACES, RESOURCES } from './locales';
import { useEffect, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../shared/api/client';
import { KeyLogin } from '../shared/key-login';
import { useKeySession } from '../shared/key-session';
import { Spinner, useRoute } from '../shared/ui';
import '../shared/style.css';
import './merchant.css';
import { Layout } from './components/layout';
import { BASE, KEY, appName } from './config';
import { merchantMessages } from './messages';
import { ScanCustomer } from './screens/charge.screen';
import { Bills } from './screens/bills.screen';
import { Codes } from './screens/codes.screen';
import { Payments } from './screens/payments.screen';
import { Reports } from './screens/reports.screen';
import { Statement } from './screens/statement.screen';
import { Till } from './screens/till.screen';
import { Webhooks } from './screens/webhooks.screen';
import type { Merchant } from './types';

/** The notice of a key the service stopped taking, put in words when shown (in the language then). */
const EXPIRED = 'expired';

/** The merchant portal: the key session, the merchant it belongs to, and which tab the path shows. */
function App(): JSX.Element {
  const [merchant, setMerchant] = useState<Merchant | null>(null);
  const session = useKeySession({
    storageKey: KEY,
    base: BASE,
    home: 'till',
    expired: EXPIRED,
    onSignOut: () => setMerchant(null),
  });
  const { key, guard } = session;
  useLanguage(); // a switch of language re-renders every screen
  const route = useRoute(BASE);

  useEffect(() => {
    if (key && !merchant)
      guard(unwrap(api.GET('/v1/merchant', { headers: bearer(key) }))).then(setMerchant, () => undefined);
  }, [key]);

  if (!key)
    return (
      <Layout>
        <KeyLogin
          app={appName()}
          heading={t('merchant:signIn.heading')}
          intro={t('merchant:signIn.intro')}
          label={t('merchant:signIn.label')}
          notice={session.notice === EXPIRED ? t('merchant:signIn.expired') : session.notice}
          messages={merchantMessages()}
          check={(k) => unwrap(api.GET('/v1/merchant', { headers: bearer(k) }))}
          onSignedIn={(k, m) => {
            setMerchant(m);
            session.signIn(k);
          }}
        />
      </Layout>
    );
  if (!merchant)
    return (
      <Layout>
        <Spinner />
      </Layout>
    );
  const tab = route.split('/')[0] || 'till';
  const ctx = { key, merchant, guard, setMerchant };
  return (
    <Layout merchant={merchant} tab={tab} onSignOut={() => session.signOut()}>
      {tab === 'charge' ? (
        <ScanCustomer {...ctx} />
      ) : tab === 'codes' ? (
        <Codes {...ctx} />
      ) : tab === 'bills' ? (
        <Bills {...ctx} />
      ) : tab === 'payments' ? (
        <Payments {...ctx} />
      ) : tab === 'statement' ? (
        <Statement {...ctx} />
      ) : tab === 'reports' ? (
        <Reports {...ctx} />
      ) : tab === 'webhooks' ? (
        <Webhooks {...ctx} />
      ) : (
        <Till {...ctx} />
      )}
    </Layout>
  );
}

startI18n(RESOURCES, NAMESPACES);
render(<App />, document.getElementById('root')!);
