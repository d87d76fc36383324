import { crc16, crc16Hex } from '@saoma/qr';

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('gives the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16('123456789')).toBe(0x29b1);
    expect(crc16Hex('123456789')).toBe('29B1');
  });

  it('hashes strings as UTF-8 bytes', () => {
    expect(crc16('北京')).toBe(crc16(Buffer.from('北京', 'utf8')));
    expect(crc16('北京')).not.toBe(crc16(Buffer.from('北京', 'utf16le')));
  });

  it('pads to four uppercase hex digits', () => {
    expect(crc16Hex('')).toBe('FFFF');
    expect(crc16Hex(new Uint8Array([]))).toMatch(/^[0-9A-F]{4}$/);
  });
});
