import { formattingLocale, languageOf, pickLanguage } from '../../apps/web/src/shared/i18n/languages';

describe('the fronts pick the reader’s language', () => {
  it('keeps a choice made with the switch over the browser’s languages', () => {
    expect(pickLanguage('fr', ['zh-CN', 'en'])).toBe('fr');
    expect(pickLanguage('zh-Hans', ['en-GB'])).toBe('zh-Hans');
  });

  it('takes the first browser language it speaks, whatever the region or script', () => {
    expect(pickLanguage(null, ['de-DE', 'zh-TW', 'en'])).toBe('zh-Hans');
    expect(pickLanguage(null, ['fr-CA'])).toBe('fr');
    expect(pickLanguage(null, ['en-GB', 'fr'])).toBe('en');
  });

  it('falls back to English for languages it does not speak and for a stored value it does not know', () => {
    expect(pickLanguage(null, ['de', 'ja'])).toBe('en');
    expect(pickLanguage('klingon', [])).toBe('en');
    expect(languageOf('es-ES')).toBeNull();
  });

  it('formats in the browser’s own locale of the chosen language, else in the language itself', () => {
    expect(formattingLocale('en', ['en-GB', 'fr'])).toBe('en-GB');
    expect(formattingLocale('fr', ['en-GB', 'fr-CA'])).toBe('fr-CA');
    expect(formattingLocale('zh-Hans', ['en-GB'])).toBe('zh-Hans');
  });
});
