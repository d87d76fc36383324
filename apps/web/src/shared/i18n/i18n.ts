import i18next, { type Resource } from 'i18next';
import { type Language, LANGUAGE_STORAGE_KEY, formattingLocale, pickLanguage } from './languages';

/*
 * One i18next instance per front (each front is its own page), made by
 * startI18n with the front's namespaces. The language is chosen once at start
 * (the reader's stored choice, else the browser's languages) and changed by
 * the switch in the header; the root component re-renders on a change
 * (useLanguage), so every screen reads `t` afresh.
 */

declare global {
  interface Window {
    /** Keys asked for that no language has: the browser tests read it and expect none. */
    __i18nMissing?: string[];
  }
}

function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function markDocument(lang: Language): void {
  document.documentElement.lang = lang;
}

/** Starts the front's translations (synchronously: the resources are bundled) in the language the reader wants. */
export function startI18n(resources: Resource, namespaces: string[]): void {
  window.__i18nMissing = [];
  const lng = pickLanguage(storedChoice(), browserLanguages());
  void i18next.init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: ['en', 'fr', 'zh-Hans'],
    ns: namespaces,
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false }, // Preact escapes text itself
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (_lngs, ns, key) => {
      window.__i18nMissing?.push(`${ns}:${key}`);
      console.warn(`i18n: no text for ${ns}:${key}`);
    },
  });
  markDocument(lng);
}

export const t = i18next.t.bind(i18next);

export function currentLanguage(): Language {
  return (i18next.language as Language) ?? 'en';
}

/** The locale Intl formats money and dates with for the language chosen. */
export function currentLocale(): string {
  return formattingLocale(currentLanguage(), browserLanguages());
}

/** Switches every screen of this front, and remembers the choice for the others of this origin. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  await i18next.changeLanguage(lang);
  markDocument(lang);
}

export function onLanguageChanged(listener: (lang: string) => void): () => void {
  i18next.on('languageChanged', listener);
  return () => i18next.off('languageChanged', listener);
}
