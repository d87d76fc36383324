/** A data object holding a plain value. */
export interface EmvPrimitiveField {
  id: string;
  value: string;
}

/**
 * A data object whose value is itself a list of data objects. EMV MPM nests
 * only one level deep in practice, so sub-fields are always primitive; a
 * deeper template (e.g. 62-50..99) is kept as its raw value.
 */
export interface EmvTemplateField {
  id: string;
  fields: EmvPrimitiveField[];
}

export type EmvField = EmvPrimitiveField | EmvTemplateField;

export function isTemplateField(field: EmvField): field is EmvTemplateField {
  return 'fields' in field;
}

/**
 * Top-level ids whose value is a template: 26-51 merchant account
 * information, 62 additional data, 64 merchant information in an alternate
 * language, 80-99 unreserved templates. 02-25 are primitive (card-network
 * merchant account numbers).
 */
export function isTemplateId(id: string): boolean {
  const n = Number(id);
  return (n >= 26 && n <= 51) || n === 62 || n === 64 || (n >= 80 && n <= 99);
}

/** Merchant account information lives in ids 02-51. */
export function isMerchantAccountId(id: string): boolean {
  const n = Number(id);
  return n >= 2 && n <= 51;
}
