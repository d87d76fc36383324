/** Does the text contain letters of a script other than Latin? */
export function hasNonLatinScript(text: string): boolean {
  return /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(text);
}

/**
 * Script -> most likely language (ISO 639-1, uppercase as in the EMVCo
 * examples), after CLDR likely subtags. Order matters: Japanese and Korean
 * text may contain Han characters, so kana and Hangul are tested first.
 */
const LIKELY_LANGUAGE: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'JA'],
  [/\p{Script=Hangul}/u, 'KO'],
  [/\p{Script=Han}/u, 'ZH'],
  [/\p{Script=Thai}/u, 'TH'],
  [/\p{Script=Lao}/u, 'LO'],
  [/\p{Script=Khmer}/u, 'KM'],
  [/\p{Script=Myanmar}/u, 'MY'],
  [/\p{Script=Tibetan}/u, 'BO'],
  [/\p{Script=Mongolian}/u, 'MN'],
  [/\p{Script=Cyrillic}/u, 'RU'],
  [/\p{Script=Greek}/u, 'EL'],
  [/\p{Script=Arabic}/u, 'AR'],
  [/\p{Script=Hebrew}/u, 'HE'],
  [/\p{Script=Devanagari}/u, 'HI'],
  [/\p{Script=Bengali}/u, 'BN'],
  [/\p{Script=Tamil}/u, 'TA'],
  [/\p{Script=Georgian}/u, 'KA'],
  [/\p{Script=Armenian}/u, 'HY'],
  [/\p{Script=Ethiopic}/u, 'AM'],
];

/** Best guess of the language of a non-Latin text, or undefined when the script is not listed. */
export function guessLanguage(text: string): string | undefined {
  return LIKELY_LANGUAGE.find(([script]) => script.test(text))?.[1];
}
