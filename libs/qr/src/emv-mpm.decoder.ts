import { crc16Hex } from './crc16';
import { EmvField, EmvPrimitiveField, EmvTemplateField, isMerchantAccountId, isTemplateField } from './emv-field';
import { EmvAdditionalData, EmvAlternateLanguage, EmvMerchantAccount, EmvMpmCode } from './emv-mpm-code';
import { scanTlv } from './emv-tlv.codec';
import { currencyAlphaFromNumeric } from './iso4217-numeric';
import { invalidQr } from './qr-error';

const ADDITIONAL_DATA_NAMES: Readonly<Record<string, keyof EmvAdditionalData>> = {
  '01': 'billNumber',
  '02': 'mobileNumber',
  '03': 'storeLabel',
  '04': 'loyaltyNumber',
  '05': 'referenceLabel',
  '06': 'customerLabel',
  '07': 'terminalLabel',
  '08': 'purposeOfTransaction',
  '09': 'additionalConsumerDataRequest',
};

/**
 * Decodes and validates an EMVCo merchant-presented-mode payload.
 * Throws QrError('invalid_qr', reason) and nothing else, whatever the input.
 *
 * Checks run in this order so that the reason names the first real problem:
 * TLV structure, tag 63 placement, CRC (integrity), then semantics.
 */
export function decodeEmvMpm(payload: unknown): EmvMpmCode {
  if (typeof payload !== 'string') throw invalidQr('payload is not a string');
  if (payload.length === 0) throw invalidQr('payload is empty');

  const scan = scanTlv(payload, false);
  if (!scan.ok) throw invalidQr(scan.reason);
  const fields = scan.fields;

  const crc = checkCrc(payload, fields);
  const first = fields[0];
  if (first.id !== '00') throw invalidQr('tag 00 is not first');
  if (primitive(first) !== '01') {
    throw invalidQr(`tag 00 (payload format indicator) is '${raw(first)}', expected '01'`);
  }
  const byId = indexUnique(fields);
  const text = (id: string): string | undefined => {
    const field = byId.get(id);
    return field ? primitive(field) : undefined;
  };

  const initiation = text('01');
  if (byId.has('01') && initiation !== '11' && initiation !== '12') {
    throw invalidQr(`tag 01 (point of initiation) is '${raw(byId.get('01')!)}', expected '11' or '12'`);
  }
  const merchantAccounts = fields.filter((f) => isMerchantAccountId(f.id)).map(merchantAccount);
  if (merchantAccounts.length === 0) throw invalidQr('no merchant account information (tags 02-51)');

  if (!byId.has('53')) throw invalidQr('missing tag 53');
  const currencyNumeric = text('53');
  if (currencyNumeric === undefined || !/^\d{3}$/.test(currencyNumeric)) {
    throw invalidQr(`tag 53 is '${raw(byId.get('53')!)}', expected a 3-digit ISO 4217 numeric code`);
  }
  const countryCode = text('58');
  if (countryCode === undefined) throw invalidQr('missing tag 58');

  const code: EmvMpmCode = {
    format: 'emv-mpm',
    pointOfInitiation: initiation === '12' ? 'dynamic' : 'static',
    merchantAccounts,
    currency: currencyAlphaFromNumeric(currencyNumeric) ?? currencyNumeric,
    currencyNumeric,
    countryCode,
    crc,
    fields,
  };
  setIfPresent(code, 'merchantCategoryCode', text('52'));
  setIfPresent(code, 'amount', text('54'));
  setIfPresent(code, 'merchantName', text('59'));
  setIfPresent(code, 'merchantCity', text('60'));
  setIfPresent(code, 'postalCode', text('61'));
  setIfPresent(code, 'additionalData', additionalData(byId.get('62')));
  setIfPresent(code, 'alternateLanguage', alternateLanguage(byId.get('64')));
  return code;
}

/** Tag 63 must close the payload and match the CRC of everything before its value. */
function checkCrc(payload: string, fields: EmvField[]): string {
  const last = fields[fields.length - 1];
  if (last.id !== '63') {
    throw invalidQr(fields.some((f) => f.id === '63') ? 'tag 63 is not last' : 'missing tag 63');
  }
  const found = primitive(last) ?? '';
  if (!/^[0-9A-Fa-f]{4}$/.test(found)) throw invalidQr(`tag 63 is '${found}', expected 4 hex digits`);
  // The value is 4 ASCII characters, so slicing UTF-16 units is exact here.
  const expected = crc16Hex(payload.slice(0, -4));
  if (expected !== found.toUpperCase()) throw invalidQr(`bad CRC: expected ${expected}, found ${found}`);
  return found;
}

function indexUnique(fields: EmvField[]): Map<string, EmvField> {
  const byId = new Map<string, EmvField>();
  for (const field of fields) {
    if (byId.has(field.id)) throw invalidQr(`duplicate tag ${field.id}`);
    byId.set(field.id, field);
  }
  return byId;
}

function merchantAccount(field: EmvField): EmvMerchantAccount {
  if (!isTemplateField(field)) return { id: field.id, fields: [], value: field.value };
  const account: EmvMerchantAccount = { id: field.id, fields: field.fields };
  setIfPresent(account, 'gui', sub(field, '00'));
  return account;
}

function additionalData(field: EmvField | undefined): EmvAdditionalData | undefined {
  if (!field || !isTemplateField(field)) return undefined;
  const data: EmvAdditionalData = {};
  for (const { id, value } of field.fields) {
    const name = ADDITIONAL_DATA_NAMES[id];
    if (name !== undefined && data[name] === undefined) data[name] = value;
  }
  return data;
}

function alternateLanguage(field: EmvField | undefined): EmvAlternateLanguage | undefined {
  if (!field || !isTemplateField(field)) return undefined;
  const language = sub(field, '00');
  const merchantName = sub(field, '01');
  // 00 and 01 are mandatory in tag 64; without them there is nothing to show.
  if (language === undefined || merchantName === undefined) return undefined;
  const alt: EmvAlternateLanguage = { language, merchantName };
  setIfPresent(alt, 'merchantCity', sub(field, '02'));
  return alt;
}

function sub(template: EmvTemplateField, id: string): string | undefined {
  return template.fields.find((f: EmvPrimitiveField) => f.id === id)?.value;
}

function primitive(field: EmvField): string | undefined {
  return isTemplateField(field) ? undefined : field.value;
}

function raw(field: EmvField): string {
  return primitive(field) ?? '<template>';
}

/** Keeps absent optional members absent rather than `undefined` (cleaner toEqual / JSON). */
function setIfPresent<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
