import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, bearer, rawBody, unwrap } from '../../shared/api/client';
import { formatMoney } from '../../shared/money';
import { DataTable, MoneyCell, num } from '../../shared/table';
import { ErrorBox, useScreen } from '../../shared/ui';
import { useAction } from '../../shared/use-action';
import { APP } from '../config';
import { MESSAGES } from '../messages';
import type { Ctx } from '../types';
import type { SchemaStatementImportDto } from '../../shared/api/schema';

type StatementImport = SchemaStatementImportDto;

/** Bank statements: upload the bank's statement, and see which lines matched. */
export function BankStatements(ctx: Ctx): JSX.Element {
  useScreen('Bank statements', APP);
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
    if (!f && !text.trim()) return setError(new Error('Choose a file, or paste the statement.'));
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
      <h1>Bank statements</h1>
      <form class="card" onSubmit={upload}>
        <p class="muted small">
          Upload the partner bank's statement (CSV, or ISO 20022 camt.053 XML): each line is matched to a top-up or a
          payout.
        </p>
        <div class="field">
          <label for="stmt-file">Statement file</label>
          <input id="stmt-file" ref={file} type="file" accept=".csv,.xml,text/csv,application/xml,text/xml" />
        </div>
        <details>
          <summary>…or paste it</summary>
          <div class="field">
            <label for="stmt-text">Statement text</label>
            <textarea
              id="stmt-text"
              value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
              spellcheck={false}
            />
          </div>
        </details>
        <button class="btn" type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload and match'}
        </button>
        <ErrorBox error={error} messages={MESSAGES} />
      </form>
      {result && (
        <section class="card" data-testid="statement-result">
          <h2>Statement {result.statementId ?? result.id}</h2>
          <p>
            {result.lines} lines: <span class="badge badge-ok">{result.matched} matched</span>{' '}
            <span class={`badge ${result.unmatched.length ? 'badge-bad' : 'badge-ok'}`}>
              {result.unmatched.length} unmatched
            </span>
          </p>
          {result.unmatched.length > 0 && (
            <DataTable
              caption="Unmatched lines"
              cols={['Line', 'Date', 'Reference', num('Amount'), 'Why']}
              rows={result.unmatched}
              row={(u) => (
                <tr key={u.line} class="bad">
                  <td>{u.line}</td>
                  <td>{u.date ?? ''}</td>
                  <td class="mono small">{u.reference ?? '—'}</td>
                  <td class="num">
                    {u.direction === 'debit' ? '−' : ''}
                    {formatMoney(u.amount, u.currency)}
                  </td>
                  <td>{u.reason}</td>
                </tr>
              )}
            />
          )}
          {result.matchedLines && result.matchedLines.length > 0 && (
            <DataTable
              caption="Matched lines"
              cols={['Line', 'Matched to', 'Reference', num('Amount')]}
              rows={result.matchedLines}
              row={(m) => (
                <tr key={m.line}>
                  <td>{m.line}</td>
                  <td>{m.kind.replace('_', ' ')}</td>
                  <td class="mono small">{m.reference ?? '—'}</td>
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
