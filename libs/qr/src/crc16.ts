/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0),
 * the checksum EMVCo MPM puts in tag 63. Strings are hashed as UTF-8 bytes,
 * which is what a scanner sees in the QR symbol (EMV *lengths* count
 * characters, but the CRC is over bytes).
 */
export function crc16(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The CRC as tag 63 prints it: 4 uppercase hex digits. */
export function crc16Hex(data: string | Uint8Array): string {
  return crc16(data).toString(16).toUpperCase().padStart(4, '0');
}
