import type { ComponentChildren, JSX } from 'preact';
import { SiteHeader } from './site-header';
import { t } from './i18n';
import { Link } from './ui';

/**
 * The frame of a desk front (merchant portal, finance console): the top bar with
 * `actions` on its right and, once signed in (`tab` set), the section tabs above the screen.
 */
export function ConsoleLayout(props: {
  base: string;
  sub: string;
  headerClass?: string;
  tabs: Array<[string, string]>;
  tab?: string;
  actions?: ComponentChildren;
  children: JSX.Element;
}): JSX.Element {
  return (
    <>
      <SiteHeader base={props.base} sub={props.sub} class={props.headerClass}>
        {props.actions}
      </SiteHeader>
      <main id="main">
        {props.tab && (
          <nav class="tabs" aria-label={t('common:sections')}>
            {props.tabs.map(([t, label]) => (
              <Link key={t} to={`${props.base}/${t}`} aria-current={props.tab === t ? 'page' : undefined}>
                {label}
              </Link>
            ))}
          </nav>
        )}
        {props.children}
      </main>
    </>
  );
}
