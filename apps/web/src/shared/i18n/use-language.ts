import { useEffect, useState } from 'preact/hooks';
import { currentLanguage, onLanguageChanged } from './i18n';
import type { Language } from './languages';

/** The language shown; a component using it (the root of a front) re-renders everything below it on a switch. */
export function useLanguage(): Language {
  const [lang, setLang] = useState<Language>(currentLanguage);
  useEffect(() => onLanguageChanged((l) => setLang(l as Language)), []);
  return lang;
}
