export { currentLanguage, currentLocale, setLanguage, startI18n, t } from './i18n';
export { LanguageSwitch } from './language-switch';
export { LANGUAGES, type Language, type Translation } from './languages';
export { useLanguage } from './use-language';
