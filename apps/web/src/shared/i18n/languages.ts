/** The languages the fronts speak, each named in itself for the switch. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'zh-Hans', name: '简体中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

/** The one key the choice is kept under, for all three fronts of this origin. */
export const LANGUAGE_STORAGE_KEY = 'saoma.language';

/** A BCP 47 tag of the browser's ("zh-TW", "fr-CA", "en-GB") to the language the fronts speak for it, if any. */
export function languageOf(tag: string): Language | null {
  const primary = tag.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-Hans';
  if (primary === 'fr') return 'fr';
  if (primary === 'en') return 'en';
  return null;
}

/** The reader's own choice if made, else the first of the browser's languages the fronts speak, else English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  const chosen = LANGUAGES.find((l) => l.code === stored);
  if (chosen) return chosen.code;
  for (const tag of browser) {
    const l = languageOf(tag);
    if (l) return l;
  }
  return 'en';
}

/**
 * The locale Intl formats with: the browser's own tag when it is of the language chosen
 * (so an en-GB reader keeps day-month order and fr-CA its own), else the language itself.
 */
export function formattingLocale(lang: Language, browser: readonly string[]): string {
  return browser.find((tag) => languageOf(tag) === lang) ?? lang;
}

/** Makes a translation of `T` have exactly T's keys, each a string: a missing key is a type error. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
