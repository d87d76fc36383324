import type { JSX } from 'preact';
import { useId } from 'preact/hooks';
import { currentLanguage, setLanguage, t } from './i18n';
import { LANGUAGES, type Language } from './languages';

/** The header's language switch: each language named in itself, and marked as such for screen readers. */
export function LanguageSwitch(): JSX.Element {
  const id = useId();
  return (
    <div class="language-switch">
      <label for={id} class="visually-hidden">
        {t('common:language.label')}
      </label>
      <select
        id={id}
        data-testid="language"
        value={currentLanguage()}
        onChange={(e) => void setLanguage((e.target as HTMLSelectElement).value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
