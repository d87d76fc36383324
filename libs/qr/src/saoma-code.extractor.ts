import { decodeEmvMpm } from './emv-mpm.decoder';
import { invalidQr } from './qr-error';

export interface SaomaCode {
  url: string;
  reference: string;
  dynamic: boolean;
  amount?: string;
}

/**
 * Reads a scanned payload as a Saoma code. Returns null for a valid EMV code
 * of another scheme (no merchant account template whose sub 00 is `gui`);
 * throws QrError for anything that is not a valid EMV MPM code, or for a
 * code that claims our gui but lacks our fields.
 *
 * The gui is compared case-insensitively: it is a reverse domain name.
 */
export function extractSaomaCode(payload: string, gui: string): SaomaCode | null {
  const code = decodeEmvMpm(payload);
  const account = code.merchantAccounts.find((a) => a.gui?.toLowerCase() === gui.toLowerCase());
  if (!account) return null;
  const url = account.fields.find((f) => f.id === '01')?.value;
  if (url === undefined) throw invalidQr(`merchant account template ${account.id} has no URL (sub 01)`);
  const reference = code.additionalData?.referenceLabel;
  if (reference === undefined) throw invalidQr('Saoma code has no reference label (62-05)');
  const result: SaomaCode = { url, reference, dynamic: code.pointOfInitiation === 'dynamic' };
  if (code.amount !== undefined) result.amount = code.amount;
  return result;
}
