import { crc16Hex } from './crc16';
import { EmvField } from './emv-field';
import { decodeEmvMpm } from './emv-mpm.decoder';
import { encodeTlv } from './emv-tlv.codec';
import { invalidQr } from './qr-error';

/**
 * Encodes top-level fields (00 first, without 63) into an EMV MPM payload and
 * appends tag 63 with the CRC. The result is run through the decoder, so the
 * encoder can never emit a code that Saoma itself would refuse to scan.
 */
export function encodeEmvMpm(fields: readonly EmvField[]): string {
  if (fields.some((f) => f.id === '63')) throw invalidQr('tag 63 is computed by the encoder; leave it out');
  const body = encodeTlv(fields) + '6304';
  const payload = body + crc16Hex(body);
  decodeEmvMpm(payload);
  return payload;
}
