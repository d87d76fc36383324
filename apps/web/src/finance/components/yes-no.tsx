import type { JSX } from 'preact';
import { t } from '../../shared/i18n';

/** A check's outcome as a badge: ✓ yes or ✗ no. */
export const YesNo = (props: { ok: boolean; yes?: string; no?: string }): JSX.Element => (
  <span class={`badge ${props.ok ? 'badge-ok' : 'badge-bad'}`}>
    {props.ok ? `✓ ${props.yes ?? t('finance:yesNo.yes')}` : `✗ ${props.no ?? t('finance:yesNo.no')}`}
  </span>
);
