import { EmvField, EmvPrimitiveField } from './emv-field';
import { encodeEmvMpm } from './emv-mpm.encoder';
import { latinForm } from './latin-form';
import { invalidQr } from './qr-error';
import { guessLanguage, hasNonLatinScript } from './script-language';

export interface SaomaPayloadInput {
  /** Dynamic (one payment, tag 01 = 12) or static (reusable, tag 01 = 11). */
  dynamic: boolean;
  /** Globally unique identifier of the service, reverse domain, e.g. "io.saoma". */
  gui: string;
  /** The code's URL, e.g. https://pay.saoma.example/c/ABC123. */
  url: string;
  /** Merchant category code, 4 digits. */
  mcc: string;
  /** ISO 4217 numeric currency, e.g. '156'. */
  currencyNumeric: string;
  /** Fixed amount, already formatted, e.g. "25.00". */
  amount?: string;
  /** ISO 3166-1 alpha-2, e.g. 'CN'. */
  countryCode: string;
  merchantName: string;
  merchantCity: string;
  /** Short id printed on the poster; goes to 62-05 (at most 25 characters). */
  reference: string;
  /** A bill's number (62-01, at most 25 characters): what the payer's bank or app shows as the bill paid. */
  billNumber?: string;
  /** Name in the merchant's own language (tag 64); derived from the name when it is not Latin. */
  nameAlt?: { language: string; name: string; city?: string };
}

// EMV limits, in characters.
const NAME_MAX = 25;
const CITY_MAX = 15;
const REFERENCE_MAX = 25;
const AMOUNT_MAX = 13;
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/**
 * Builds the EMV MPM payload of a Saoma code. Tags, in this order:
 * 00, 01, 26 {00 gui, 01 url}, 52, 53, 54 (when amount), 58, 59, 60,
 * 62 {01 bill number (a bill's), 05 reference}, 64 (when a non-Latin name exists), 63.
 */
export function buildSaomaPayload(input: SaomaPayloadInput): string {
  check(/^\d{4}$/.test(input.mcc), `mcc must be 4 digits, got '${input.mcc}'`);
  check(/^\d{3}$/.test(input.currencyNumeric), `currencyNumeric must be 3 digits, got '${input.currencyNumeric}'`);
  check(/^[A-Z]{2}$/.test(input.countryCode), `countryCode must be 2 uppercase letters, got '${input.countryCode}'`);
  check(PRINTABLE_ASCII.test(input.gui), 'gui must be non-empty printable ASCII');
  check(PRINTABLE_ASCII.test(input.url), 'url must be non-empty printable ASCII');
  check(
    PRINTABLE_ASCII.test(input.reference) && input.reference.length <= REFERENCE_MAX,
    `reference must be 1-${REFERENCE_MAX} printable ASCII characters, got '${input.reference}'`,
  );
  if (input.billNumber !== undefined)
    check(
      PRINTABLE_ASCII.test(input.billNumber) && input.billNumber.length <= REFERENCE_MAX,
      `billNumber must be 1-${REFERENCE_MAX} printable ASCII characters, got '${input.billNumber}'`,
    );
  if (input.amount !== undefined) {
    check(
      /^\d+(\.\d+)?$/.test(input.amount) && /[1-9]/.test(input.amount) && input.amount.length <= AMOUNT_MAX,
      `amount must be a positive decimal of at most ${AMOUNT_MAX} characters, got '${input.amount}'`,
    );
  }

  const fields: EmvField[] = [
    { id: '00', value: '01' },
    { id: '01', value: input.dynamic ? '12' : '11' },
    {
      id: '26',
      fields: [
        { id: '00', value: input.gui },
        { id: '01', value: input.url },
      ],
    },
    { id: '52', value: input.mcc },
    { id: '53', value: input.currencyNumeric },
  ];
  if (input.amount !== undefined) fields.push({ id: '54', value: input.amount });
  fields.push(
    { id: '58', value: input.countryCode },
    { id: '59', value: latinForm(input.merchantName, NAME_MAX) || 'MERCHANT' },
    { id: '60', value: latinForm(input.merchantCity, CITY_MAX) || 'CITY' },
    {
      id: '62',
      fields: [
        ...(input.billNumber !== undefined ? [{ id: '01', value: input.billNumber }] : []),
        { id: '05', value: input.reference },
      ],
    },
  );
  const alt = input.nameAlt ?? derivedNameAlt(input.merchantName, input.merchantCity);
  if (alt) fields.push({ id: '64', fields: alternateLanguageFields(alt) });
  return encodeEmvMpm(fields);
}

/**
 * Tag 59/60 can only carry a Latin form, so a Chinese (or other non-Latin)
 * name would reach the payer as "MERCHANT"; tag 64 carries the real one.
 * Scripts we cannot map to a language get no tag 64 (pass nameAlt instead).
 */
function derivedNameAlt(name: string, city: string): SaomaPayloadInput['nameAlt'] {
  const nameIsLatin = !hasNonLatinScript(name);
  const cityIsLatin = !hasNonLatinScript(city);
  if (nameIsLatin && cityIsLatin) return undefined;
  const language = guessLanguage(nameIsLatin ? city : name);
  if (language === undefined) return undefined;
  return { language, name, city: cityIsLatin ? undefined : city };
}

function alternateLanguageFields(alt: NonNullable<SaomaPayloadInput['nameAlt']>): EmvPrimitiveField[] {
  check(/^[A-Za-z]{2}$/.test(alt.language), `nameAlt.language must be 2 letters, got '${alt.language}'`);
  const name = tidy(alt.name, NAME_MAX);
  check(name.length > 0, 'nameAlt.name is empty');
  const fields: EmvPrimitiveField[] = [
    { id: '00', value: alt.language },
    { id: '01', value: name },
  ];
  const city = alt.city === undefined ? '' : tidy(alt.city, CITY_MAX);
  if (city) fields.push({ id: '02', value: city });
  return fields;
}

/** NFC, single spaces, no control characters, at most `max` characters (code points). */
function tidy(text: string, max: number): string {
  const clean = text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(clean).slice(0, max).join('').trimEnd();
}

function check(ok: boolean, reason: string): void {
  if (!ok) throw invalidQr(`cannot build Saoma payload: ${reason}`);
}
