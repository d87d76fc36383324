import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, bearer, rawBody, unwrap } from '../../shared/api/client';
import { formatDay } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { formatMoney } from '../../shared/money';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { appName } from '../config';
import { financeMessages } from '../messages';
import { reasonText } from '../reasons';
import type { Ctx } from '../types';
import type { SchemaStatementImportDto } from '../../shared/api/schema';

type StatementImport = SchemaStatementImportDto;

/** Bank statements: upload the bank's statement, and see which lines matched. */
export function BankStatements(ctx: Ctx): JSX.Element {
  useScreen(t('finance:bank.title'), appName());
  const file = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<StatementImport | null>(null);
  const { busy, error, setError, run } = useAction();
  const upload = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    const f = file.current?.files?.[0];
    const data: Blob | string = f ?? text;
    if (!f && !text.trim()) return setError(new Error(t('finance:bank.chooseFile')));
    const head = f ? await f.slice(0, 200).text() : text.slice(0, 200);
    const xml = (f && /\.xml$/i.test(f.name)) || head.trimStart().startsWith('<');
    await run(async () =>
      setResult(
        await ctx.guard(
          unwrap(
            api.POST('/v1/finance/bank-statements', {
              headers: { ...bearer(ctx.key), 'content-type': xml ? 'application/xml' : 'text/csv' },
              ...rawBody(data),
            }),
          ),
        ),
      ),
    );
  };
  return (
    <div>
      <h1>{t('finance:bank.title')}</h1>
      <form class="card" onSubmit={upload}>
        <p class="muted small">{t('finance:bank.intro')}</p>
        <div class="field">
          <label for="stmt-file">{t('finance:bank.file')}</label>
          <input id="stmt-file" ref={file} type="file" accept=".csv,.xml,text/csv,application/xml,text/xml" />
        </div>
        <details>
          <summary>{t('finance:bank.orPaste')}</summary>
          <div class="field">
            <label for="stmt-text">{t('finance:bank.text')}</label>
            <textarea
              id="stmt-text"
              value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              spellcheck={false}
            />
          </div>
        </details>
        <button class="btn" type="submit" disabled={busy}>
          {busy ? t('finance:bank.uploading') : t('finance:bank.upload')}
        </button>
        <ErrorBox error={error} messages={financeMessages()} />
      </form>
      {result && (
        <section class="card" data-testid="statement-result">
          <h2>
            {t('finance:bank.statement')} <span translate={false}>{result.statementId ?? result.id}</span>
          </h2>
          <p>
            {t('finance:bank.lines', { n: result.lines })}{' '}
            <span class="badge badge-ok">{t('finance:bank.matched', { n: result.matched })}</span>{' '}
            <span class={`badge ${result.unmatched.length ? 'badge-bad' : 'badge-ok'}`}>
              {t('finance:bank.unmatched', { n: result.unmatched.length })}
            </span>
          </p>
          {result.unmatched.length > 0 && (
            <DataTable
              caption={t('finance:bank.unmatchedCaption')}
              cols={[
                t('finance:bank.line'),
                t('finance:bank.date'),
                t('finance:bank.reference'),
                num(t('finance:bank.amount')),
                t('finance:bank.why'),
              ]}
              rows={result.unmatched}
              row={(u) => (
                <tr key={u.line} class="bad">
                  <td>{u.line}</td>
                  <td>{u.date ? formatDay(u.date) : ''}</td>
                  <td class="mono small" translate={false}>
                    {u.reference ?? '—'}
                  </td>
                  <td class="num">{formatMoney(u.direction === 'debit' ? `-${u.amount}` : u.amount, u.currency)}</td>
                  <td>{reasonText(u.reason) ?? <span translate={false}>{u.reason}</span>}</td>
                </tr>
              )}
            />
          )}
          {result.matchedLines && result.matchedLines.length > 0 && (
            <DataTable
              caption={t('finance:bank.matchedCaption')}
              cols={[
                t('finance:bank.line'),
                t('finance:bank.matchedTo'),
                t('finance:bank.reference'),
                num(t('finance:bank.amount')),
              ]}
              rows={result.matchedLines}
              row={(m) => (
                <tr key={m.line}>
                  <td>{m.line}</td>
                  <td>{t(`finance:bank.kinds.${m.kind}`)}</td>
                  <td class="mono small" translate={false}>
                    {m.reference ?? '—'}
                  </td>
                  <MoneyCell amount={m.amount} currency={m.currency} />
                </tr>
              )}
            />
          )}
        </section>
      )}
    </div>
  );
}
