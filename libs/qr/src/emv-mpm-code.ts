import { EmvField, EmvPrimitiveField } from './emv-field';

/** One merchant account information entry (ids 02-51). */
export interface EmvMerchantAccount {
  id: string;
  /** Sub 00 of a template: the globally unique identifier of the scheme. */
  gui?: string;
  /** Sub-fields of a template (empty for a primitive entry). */
  fields: EmvPrimitiveField[];
  /** Raw value of a primitive entry (02-25, or a template slot that is not TLV). */
  value?: string;
}

/** Tag 62, by sub-id name. */
export interface EmvAdditionalData {
  billNumber?: string; // 01
  mobileNumber?: string; // 02
  storeLabel?: string; // 03
  loyaltyNumber?: string; // 04
  referenceLabel?: string; // 05
  customerLabel?: string; // 06
  terminalLabel?: string; // 07
  purposeOfTransaction?: string; // 08
  additionalConsumerDataRequest?: string; // 09
}

/** Tag 64. */
export interface EmvAlternateLanguage {
  language: string; // 00
  merchantName: string; // 01
  merchantCity?: string; // 02
}

/** A decoded EMVCo merchant-presented-mode code. */
export interface EmvMpmCode {
  format: 'emv-mpm';
  pointOfInitiation: 'static' | 'dynamic';
  merchantAccounts: EmvMerchantAccount[];
  merchantCategoryCode?: string;
  /** ISO 4217 alphabetic code when known, else the numeric code. */
  currency: string;
  currencyNumeric: string;
  /** Tag 54 exactly as printed. */
  amount?: string;
  countryCode: string;
  merchantName?: string;
  merchantCity?: string;
  postalCode?: string;
  additionalData?: EmvAdditionalData;
  alternateLanguage?: EmvAlternateLanguage;
  crc: string;
  /** Every top-level field in order, 00 first and 63 last. */
  fields: EmvField[];
}
