/*
 * What the language checks compare with: every text of the fronts in the
 * three languages, straight from the fronts' own resources, and from them the
 * words that only English uses. A page in French or Chinese showing one of
 * those words (outside data marked translate="no") shows English.
 */
import { app as appEn } from '../../apps/web/src/app/locales/app.en';
import { app as appFr } from '../../apps/web/src/app/locales/app.fr';
import { app as appZh } from '../../apps/web/src/app/locales/app.zh-Hans';
import { finance as financeEn } from '../../apps/web/src/finance/locales/finance.en';
import { finance as financeFr } from '../../apps/web/src/finance/locales/finance.fr';
import { finance as financeZh } from '../../apps/web/src/finance/locales/finance.zh-Hans';
import { merchant as merchantEn } from '../../apps/web/src/merchant/locales/merchant.en';
import { merchant as merchantFr } from '../../apps/web/src/merchant/locales/merchant.fr';
import { merchant as merchantZh } from '../../apps/web/src/merchant/locales/merchant.zh-Hans';
import { charts as chartsEn } from '../../apps/web/src/shared/locales/charts.en';
import { charts as chartsFr } from '../../apps/web/src/shared/locales/charts.fr';
import { charts as chartsZh } from '../../apps/web/src/shared/locales/charts.zh-Hans';
import { common as commonEn } from '../../apps/web/src/shared/locales/common.en';
import { common as commonFr } from '../../apps/web/src/shared/locales/common.fr';
import { common as commonZh } from '../../apps/web/src/shared/locales/common.zh-Hans';

type Texts = { [k: string]: string | Texts };

export const TEXTS = {
  en: { common: commonEn, app: appEn, merchant: merchantEn, finance: financeEn, charts: chartsEn },
  fr: { common: commonFr, app: appFr, merchant: merchantFr, finance: financeFr, charts: chartsFr },
  'zh-Hans': { common: commonZh, app: appZh, merchant: merchantZh, finance: financeZh, charts: chartsZh },
} as const;

function* strings(t: Texts): Generator<string> {
  for (const v of Object.values(t)) {
    if (typeof v === 'string') yield v;
    else yield* strings(v);
  }
}

/** The words of a text, lower-cased, of three letters or more, placeholders ({{code}}) left out. */
export function wordsOf(text: string): string[] {
  return (text.replace(/\{\{[^}]*\}\}/g, ' ').match(/[A-Za-z][A-Za-z'’-]*[A-Za-z]/g) ?? [])
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3);
}

function wordSet(lang: keyof typeof TEXTS): Set<string> {
  const s = new Set<string>();
  for (const ns of Object.values(TEXTS[lang]))
    for (const str of strings(ns as Texts)) for (const w of wordsOf(str)) s.add(w);
  return s;
}

/** Words the English texts use and neither translation does ("pay", "statement"; not "saoma", "pin", "csv"). */
export const ENGLISH_ONLY: ReadonlySet<string> = (() => {
  const fr = wordSet('fr');
  const zh = wordSet('zh-Hans');
  return new Set([...wordSet('en')].filter((w) => !fr.has(w) && !zh.has(w)));
})();

/** Every key path of a namespace ("pay.title"), for comparing the three languages' key sets. */
export function keyPaths(t: Texts, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keyPaths(v, `${prefix}${k}.`)));
}
