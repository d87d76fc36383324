import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { EMPTY_JSON_BODY, api, bearer, unwrap, unwrapBlob } from '../../shared/api/client';
import { download, saveBlob } from '../../shared/download';
import { formatMoney } from '../../shared/money';
import { t } from '../../shared/i18n';
import { ErrorBox, useBlobUrl } from '../../shared/ui';
import { merchantMessages } from '../messages';
import type { Code, Ctx } from '../types';
import { DataText } from './data-text';

/** One static code: its image, its downloads and poster, and switching it off. */
export function CodeCard(props: { code: Code; ctx: Ctx; onChange: (c: Code) => void }): JSX.Element {
  const { code: c, ctx } = props;
  const [error, setError] = useState<unknown>(null);
  const img = useBlobUrl(
    () =>
      unwrapBlob(
        api.GET('/v1/merchant/qr-codes/{id}/image.png', {
          headers: { ...bearer(ctx.key), accept: 'image/png' },
          params: { path: { id: c.id } },
          parseAs: 'blob',
        }),
      ),
    [c.id],
  );
  const image = (kind: 'png' | 'svg') =>
    download(
      () =>
        ctx.guard(
          unwrapBlob(
            api.GET(kind === 'png' ? '/v1/merchant/qr-codes/{id}/image.png' : '/v1/merchant/qr-codes/{id}/image.svg', {
              headers: { ...bearer(ctx.key), accept: kind === 'png' ? 'image/png' : 'image/svg+xml' },
              params: { path: { id: c.id } },
              parseAs: 'blob',
            }),
          ),
        ),
      `saoma-${c.reference}.${kind}`,
      setError,
    );
  const poster = async () => {
    setError(null);
    const win = window.open('', '_blank');
    try {
      const pdf = await ctx.guard(
        unwrapBlob(
          api.GET('/v1/merchant/qr-codes/{id}/poster.pdf', {
            headers: { ...bearer(ctx.key), accept: 'application/pdf' },
            params: { path: { id: c.id } },
            parseAs: 'blob',
          }),
        ),
      );
      const url = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
      if (win) win.location.href = url;
      else saveBlob(pdf, `saoma-poster-${c.reference}.pdf`);
      setTimeout(() => URL.revokeObjectURL(url), 120_000);
    } catch (e) {
      win?.close();
      setError(e);
    }
  };
  const disable = async () => {
    if (!window.confirm(t('merchant:codes.card.confirmDisable', { label: c.label }))) return;
    try {
      props.onChange(
        await ctx.guard(
          unwrap(
            api.POST('/v1/merchant/qr-codes/{id}/disable', {
              headers: bearer(ctx.key),
              params: { path: { id: c.id } },
              body: EMPTY_JSON_BODY,
            }),
          ),
        ),
      );
    } catch (e) {
      setError(e);
    }
  };
  const disabled = c.status === 'disabled';
  return (
    <li class={`card code-card ${disabled ? 'is-disabled' : ''}`} data-testid="code" data-code-id={c.id}>
      {img ? (
        <img
          src={img}
          // the text names the code by its label: data, not for translating
          translate={false}
          alt={t('merchant:codes.card.alt', { label: c.label })}
          class="code-preview"
          width="160"
          height="160"
        />
      ) : (
        <div class="code-preview" aria-hidden="true" />
      )}
      <div>
        <h3>{c.label ? <span translate={false}>{c.label}</span> : t('merchant:codes.card.untitled')}</h3>
        <p class="small">
          {c.amount ? (
            <strong translate={false}>{formatMoney(c.amount, c.currency)}</strong>
          ) : (
            <span class="muted">{t('merchant:codes.card.customerAmount')}</span>
          )}
          {disabled && (
            <>
              {' '}
              <span class="badge badge-bad">{t('merchant:codes.card.disabled')}</span>
            </>
          )}
        </p>
        <p class="muted small">
          <DataText
            text={(m) => t('merchant:codes.card.reference', m)}
            values={{
              reference: (
                <span class="mono" translate={false}>
                  {c.reference}
                </span>
              ),
            }}
          />
        </p>
        <div class="actions">
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void image('png')}>
            {t('merchant:codes.card.png')}
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void image('svg')}>
            {t('merchant:codes.card.svg')}
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={() => void poster()}>
            {t('merchant:codes.card.poster')}
          </button>
          {!disabled && (
            <button type="button" class="btn btn-small btn-ghost danger-text" onClick={() => void disable()}>
              {t('merchant:codes.card.disable')}
            </button>
          )}
        </div>
        <ErrorBox error={error} messages={merchantMessages()} />
      </div>
    </li>
  );
}
