import { t } from './i18n';
import type { JSX } from 'preact';
import { download } from './download';
import { RowButton } from './row-button';

/** The "Download CSV" button of a report row: fetches the CSV with `load` and saves it as `filename`. */
export function CsvButton(props: {
  load: () => Promise<Blob>;
  filename: string;
  disabled?: boolean;
  setError: (e: unknown) => void;
}): JSX.Element {
  return (
    <RowButton onClick={() => void download(props.load, props.filename, props.setError)} disabled={props.disabled}>
      {t('common:downloadCsv')}
    </RowButton>
  );
}
