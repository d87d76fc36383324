import type { ComponentChildren, JSX } from 'preact';
import { LanguageSwitch, t } from './i18n';

/** The skip link and the green top bar with the Saoma mark, linking to the front's home at `base`. */
export function SiteHeader(props: {
  base: string;
  sub?: string;
  class?: string;
  innerClass?: string;
  children?: ComponentChildren;
}): JSX.Element {
  return (
    <>
      <a class="skip" href="#main">
        {t('common:skipToContent')}
      </a>
      <header class={props.class ? `topbar ${props.class}` : 'topbar'}>
        <div class={props.innerClass ? `topbar-inner ${props.innerClass}` : 'topbar-inner'}>
          <a class="brand" href={`${props.base}/`}>
            <img class="brand-mark" src="/app/icons/icon.svg" alt="" width="28" height="28" />
            {props.sub ? (
              <>
                {t('common:brand')} <span class="brand-sub">{props.sub}</span>
              </>
            ) : (
              t('common:brand')
            )}
          </a>
          <LanguageSwitch />
          {props.children}
        </div>
      </header>
    </>
  );
}
