import { type JSX, render } from 'preact';
import { startI18n, t, useLanguage } from '../shared/i18n';
import { NAMESPACES, RESOURCES } from './locales';
import { api, bearer, unwrap } from '../shared/api/client';
import { KeyLogin } from '../shared/key-login';
import { useKeySession } from '../shared/key-session';
import { useRoute } from '../shared/ui';
import '../shared/style.css';
import './finance.css';
import { Layout } from './components/layout';
import { BASE, KEY, appName } from './config';
import { financeMessages } from './messages';
import { BankStatements } from './screens/bank-statements.screen';
import { Charts } from './screens/charts.screen';
import { ConsumerLookup } from './screens/consumer-lookup.screen';
import { Payouts } from './screens/payouts.screen';
import { Reconciliation } from './screens/reconciliation.screen';
import { Settlements } from './screens/settlements.screen';
import { Topups } from './screens/topups.screen';
import { TrialBalance } from './screens/trial-balance.screen';
import type { Ctx } from './types';

/** The notice of a key the service stopped taking, put in words when shown (in the language then). */
const EXPIRED = 'expired';

/** The finance console: the key session, and which tab the path shows. */
function App(): JSX.Element {
  const session = useKeySession({
    storageKey: KEY,
    base: BASE,
    home: 'balance',
    expired: EXPIRED,
  });
  useLanguage(); // a switch of language re-renders every screen
  const route = useRoute(BASE);
  if (!session.key)
    return (
      <Layout>
        <KeyLogin
          app={appName()}
          heading={t('finance:signIn.heading')}
          intro={t('finance:signIn.intro')}
          label={t('finance:signIn.label')}
          notice={session.notice === EXPIRED ? t('finance:signIn.expired') : session.notice}
          messages={financeMessages()}
          check={(k) =>
            unwrap(api.GET('/v1/finance/trial-balance', { headers: bearer(k), params: { query: { currency: 'CNY' } } }))
          }
          onSignedIn={session.signIn}
        />
      </Layout>
    );
  const tab = route.split('/')[0] || 'balance';
  const ctx: Ctx = { key: session.key, guard: session.guard };
  const screens: Record<string, () => JSX.Element> = {
    balance: () => <TrialBalance {...ctx} />,
    settlements: () => <Settlements {...ctx} />,
    payouts: () => <Payouts {...ctx} />,
    bank: () => <BankStatements {...ctx} />,
    reconciliation: () => <Reconciliation {...ctx} />,
    charts: () => <Charts {...ctx} />,
    topups: () => <Topups {...ctx} />,
    consumers: () => <ConsumerLookup {...ctx} />,
  };
  return (
    <Layout tab={tab} onSignOut={() => session.signOut()}>
      {(screens[tab] ?? screens.balance)()}
    </Layout>
  );
}

startI18n(RESOURCES, NAMESPACES);
render(<App />, document.getElementById('root')!);
