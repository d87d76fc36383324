import { EmvField, EmvPrimitiveField, isTemplateField, isTemplateId } from './emv-field';
import { invalidQr } from './qr-error';

/** The longest value a two-digit length can announce. */
export const EMV_MAX_VALUE_LENGTH = 99;

export type TlvScan<F> = { ok: true; fields: F[] } | { ok: false; reason: string };

/**
 * Splits `text` into id/length/value data objects. Lengths and offsets count
 * characters (code points), not UTF-16 units or bytes, as EMV specifies.
 *
 * Returns a reason instead of throwing so that a nested template that does
 * not parse can simply be kept as a raw value. At the top level
 * (`nested = false`) template ids are parsed one level further.
 */
export function scanTlv(text: string, nested: true): TlvScan<EmvPrimitiveField>;
export function scanTlv(text: string, nested: false): TlvScan<EmvField>;
export function scanTlv(text: string, nested: boolean): TlvScan<EmvField> {
  const chars = Array.from(text);
  const fields: EmvField[] = [];
  let at = 0;
  while (at < chars.length) {
    if (at + 4 > chars.length) return fail(`id and length at offset ${at} run past the end`);
    const id = chars.slice(at, at + 2).join('');
    const lengthText = chars.slice(at + 2, at + 4).join('');
    if (!/^\d\d$/.test(id)) return fail(`id '${id}' at offset ${at} is not two digits`);
    if (!/^\d\d$/.test(lengthText)) {
      return fail(`length '${lengthText}' of tag ${id} at offset ${at} is not two digits`);
    }
    const length = Number(lengthText);
    if (length === 0) return fail(`tag ${id} at offset ${at} has length 00`);
    const start = at + 4;
    if (start + length > chars.length) {
      return fail(
        `length of tag ${id} at offset ${at} runs past the end ` +
          `(${length} characters declared, ${chars.length - start} left)`,
      );
    }
    const value = chars.slice(start, start + length).join('');
    fields.push(nested ? { id, value } : topLevelField(id, value));
    at = start + length;
  }
  return { ok: true, fields };
}

function topLevelField(id: string, value: string): EmvField {
  if (!isTemplateId(id)) return { id, value };
  const sub = scanTlv(value, true);
  // Not every issuer fills template slots with TLV; keep such values raw.
  return sub.ok ? { id, fields: sub.fields } : { id, value };
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Serialises fields as id + 2-digit character count + value. */
export function encodeTlv(fields: readonly EmvField[]): string {
  return fields.map(encodeField).join('');
}

function encodeField(field: EmvField): string {
  if (!/^\d\d$/.test(field.id)) throw invalidQr(`id '${field.id}' is not two digits`);
  let value: string;
  if (isTemplateField(field)) {
    if (!isTemplateId(field.id)) throw invalidQr(`tag ${field.id} is not a template id`);
    value = encodeTlv(field.fields);
  } else {
    value = field.value;
  }
  // A lone surrogate has no UTF-8 form, so the CRC and the QR bytes would
  // silently disagree with the string.
  if (/\p{Cs}/u.test(value)) throw invalidQr(`value of tag ${field.id} contains a lone surrogate`);
  const length = Array.from(value).length;
  if (length === 0) throw invalidQr(`value of tag ${field.id} is empty`);
  if (length > EMV_MAX_VALUE_LENGTH) {
    throw invalidQr(`value of tag ${field.id} is ${length} characters, more than ${EMV_MAX_VALUE_LENGTH}`);
  }
  return field.id + String(length).padStart(2, '0') + value;
}
