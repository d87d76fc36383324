import type { JSX } from 'preact';
import { t } from '../../shared/i18n';
import { SiteHeader } from '../../shared/site-header';
import { Alert, Link } from '../../shared/ui';
import { BASE } from '../config';
import { frozenExplanation } from '../refusals';
import { Icon, type IconName } from './icon';

/**
 * The wallet's frame: the header, the screen, and (once signed in, `nav` set) the bottom navigation;
 * above every screen, once the service has said so, that the wallet is frozen.
 */
export function Shell(props: { nav?: string; frozen?: boolean; children: JSX.Element }): JSX.Element {
  const tab = props.nav === undefined ? null : props.nav === '' ? 'home' : props.nav.split('/')[0];
  const item = (to: string, key: IconName, label: string) => (
    <Link to={to} class={`tab tab-${key}`} aria-current={tab === key ? 'page' : undefined}>
      <Icon name={key} />
      {label}
    </Link>
  );
  return (
    <>
      <SiteHeader base={BASE} innerClass="narrow" />
      <main id="main" class="narrow wallet-main">
        {props.frozen && (
          <Alert kind="info" testid="frozen">
            {frozenExplanation()}
          </Alert>
        )}
        {props.children}
      </main>
      {tab !== null && (
        <nav class="bottom-nav" aria-label={t('app:nav.label')}>
          {item(`${BASE}/`, 'home', t('app:nav.home'))}
          {item(`${BASE}/scan`, 'scan', t('app:nav.scan'))}
          {item(`${BASE}/statement`, 'statement', t('app:nav.statement'))}
          {item(`${BASE}/account`, 'account', t('app:nav.account'))}
        </nav>
      )}
    </>
  );
}
