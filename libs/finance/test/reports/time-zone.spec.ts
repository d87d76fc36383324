import { addDays, dayIn, isIanaTimeZone } from '../../src/reports/time-zone';

describe('chart report time zones', () => {
  it('accepts UTC and IANA Area/Location names the runtime knows', () => {
    for (const ok of [
      'UTC',
      'Etc/UTC',
      'Asia/Shanghai',
      'Asia/Kolkata',
      'Europe/Paris',
      'America/Argentina/Buenos_Aires',
      'America/Port-au-Prince',
      'Etc/GMT-8',
      'Pacific/Chatham',
    ])
      expect({ ok, valid: isIanaTimeZone(ok) }).toEqual({ ok, valid: true });
  });

  it('refuses offsets, abbreviations, unknown names and non-strings', () => {
    for (const bad of [
      '',
      '+08:00',
      'UTC+8',
      'GMT+8',
      'CST',
      'IST',
      'PRC',
      'utc',
      'asia/shanghai',
      'Asia/Atlantis',
      'Mars/Olympus_Mons',
      'Asia/Shanghai ',
      "Asia/Shanghai'; DROP TABLE payments; --",
      'Asia//Shanghai',
      '../etc/passwd',
      'A'.repeat(65),
      8,
      null,
      undefined,
      ['UTC'],
    ])
      expect({ bad, valid: isIanaTimeZone(bad) }).toEqual({ bad, valid: false });
  });

  it('tells the wall-clock day of an instant in a zone', () => {
    const at = new Date('2026-03-10T23:30:00Z');
    expect(dayIn('UTC', at)).toBe('2026-03-10');
    expect(dayIn('Asia/Shanghai', at)).toBe('2026-03-11');
    expect(dayIn('America/Los_Angeles', at)).toBe('2026-03-10');
    expect(dayIn('Pacific/Kiritimati', new Date('2026-12-31T10:00:00Z'))).toBe('2027-01-01');
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-26', -29)).toBe('2026-10-28');
    expect(addDays('2026-11-26', 0)).toBe('2026-11-26');
  });
});
