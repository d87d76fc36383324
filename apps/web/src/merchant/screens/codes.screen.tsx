import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { isAmount, minorDigits, normalizeAmount } from '../../shared/money';
import { RowButton } from '../../shared/row-button';
import { t } from '../../shared/i18n';
import { Alert, ErrorBox, Field, Spinner, useLoad, useScreen } from '../../shared/ui';
import { CodeCard } from '../components/code-card';
import { DataText } from '../components/data-text';
import { appName } from '../config';
import { merchantMessages } from '../messages';
import type { Code, Ctx } from '../types';

/** Static codes: a new one, and the list of them. */
export function Codes(ctx: Ctx): JSX.Element {
  useScreen(t('merchant:codes.title'), appName());
  const [label, setLabel] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  // the label of the code just created, said in the notice
  const [created, setCreated] = useState<string | null>(null);
  const [pages, setPages] = useState<string[]>(['']);
  const [codes, setCodes] = useState<Code[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const cur = ctx.merchant.currency;
  const list = useLoad(
    () =>
      ctx.guard(
        unwrap(
          api.GET('/v1/merchant/qr-codes', {
            headers: bearer(ctx.key),
            params: { query: { limit: 24, cursor: pages[pages.length - 1] || undefined } },
          }),
        ),
      ),
    [pages.length],
  );
  useEffect(() => {
    if (!list.data) return;
    setCodes((c) => (pages.length === 1 ? list.data!.data : [...c, ...list.data!.data]));
    setNext(list.data.nextCursor);
  }, [list.data]);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setCreated(null);
    if (amount && !isAmount(amount, minorDigits(cur))) return setError(new Error(t('merchant:codes.badAmount')));
    try {
      const c = await ctx.guard(
        unwrap(
          api.POST('/v1/merchant/qr-codes', {
            headers: bearer(ctx.key),
            body: { label: label.trim(), ...(amount ? { amount: normalizeAmount(amount, cur) } : {}) },
          }),
        ),
      );
      setCodes((cs) => [c, ...cs]);
      setCreated(c.label);
      setLabel('');
      setAmount('');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div>
      <h1>{t('merchant:codes.title')}</h1>
      <p class="muted">{t('merchant:codes.intro')}</p>
      <form class="card" onSubmit={create} noValidate>
        <h2>{t('merchant:codes.newCode')}</h2>
        <div class="row">
          <Field
            label={t('merchant:codes.label')}
            hint={t('merchant:codes.labelHint')}
            value={label}
            onValue={setLabel}
            required
            maxLength={60}
            name="label"
          />
          <Field
            label={t('merchant:codes.fixedAmount', { currency: cur })}
            hint={t('merchant:codes.fixedAmountHint')}
            value={amount}
            onValue={setAmount}
            inputMode="decimal"
            name="code-amount"
          />
          <RowButton disabled={!label.trim()}>{t('merchant:codes.create')}</RowButton>
        </div>
        <ErrorBox error={error} messages={merchantMessages()} />
        {created !== null && (
          <Alert kind="ok">
            <DataText text={(m) => t('merchant:codes.created', m)} values={{ label: created }} />
          </Alert>
        )}
      </form>
      {list.loading && codes.length === 0 && <Spinner />}
      <ErrorBox error={list.error} messages={merchantMessages()} />
      {list.data && codes.length === 0 && <p class="card">{t('merchant:codes.none')}</p>}
      <ul class="grid code-grid">
        {codes.map((c) => (
          <CodeCard
            key={c.id}
            code={c}
            ctx={ctx}
            onChange={(nc) => setCodes((cs) => cs.map((x) => (x.id === nc.id ? nc : x)))}
          />
        ))}
      </ul>
      {next && (
        <button class="btn btn-ghost" type="button" onClick={() => setPages((p) => [...p, next])}>
          {t('merchant:codes.loadMore')}
        </button>
      )}
    </div>
  );
}
