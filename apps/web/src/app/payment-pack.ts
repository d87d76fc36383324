import { paymentCodeOf, totpAt } from '../../../../libs/payments/src/payment-codes/payment-code';
import { t } from '../shared/i18n';
import { PAYMENT_PACK_KEY } from './config';

/*
 * The phone's pack of payment codes (付款码), kept in localStorage so that the
 * codes work with no network: "28", one single-use handle of the pack, then the
 * 6-digit TOTP of the pack's key for the moment shown (RFC 6238, HMAC-SHA-256,
 * 60 s from the Unix epoch), as the service checks it. The key never leaves
 * this phone's storage.
 */
export interface StoredPack {
  packId: string;
  /** the TOTP key, base64url of 32 bytes */
  key: string;
  period: number;
  digits: number;
  handles: string[];
  /** the index in `handles` of the handle the next code uses */
  next: number;
  /**
   * the service's count of the pack's unused handles, as this phone last accounted
   * for it (see accountForUse); absent in a pack kept before the phone counted: all of them
   */
  handlesLeft?: number;
  expiresAt: string;
}

const isPack = (p: unknown): p is StoredPack => {
  const s = p as StoredPack | null;
  return (
    typeof s?.packId === 'string' &&
    typeof s.key === 'string' &&
    Number.isInteger(s.period) &&
    s.period > 0 &&
    Number.isInteger(s.digits) &&
    Array.isArray(s.handles) &&
    s.handles.every((h) => /^\d{10}$/.test(h)) &&
    Number.isInteger(s.next) &&
    (s.handlesLeft === undefined || Number.isInteger(s.handlesLeft)) &&
    typeof s.expiresAt === 'string'
  );
};

/** Whether the pack is past its expiry or has no handle left (on the phone, or on the service as last seen). */
export const packUsable = (p: StoredPack, now = Date.now()): boolean =>
  Date.parse(p.expiresAt) > now && p.next < p.handles.length && (p.handlesLeft ?? 1) > 0;

/** How many codes the phone can still show: its handles after the one on screen's, as far as it knows. */
export const codesLeft = (p: StoredPack): number =>
  Math.min(p.handles.length - p.next, p.handlesLeft ?? p.handles.length);

/**
 * The pack once the service's count of its unused handles (GET /v1/me/payment-codes,
 * `handlesLeft`) is accounted for: when the count has dropped since the phone last
 * looked, the handle on screen has most likely been charged, and the phone moves on
 * to the next one.
 *
 * Why the count: the service uses a handle the moment a till charges it, whether
 * the charge goes through or waits for the PIN (and whatever becomes of it), and
 * the phone cannot see any of that while offline. The count catches every such
 * charge as soon as the phone is online again, charges made while it was offline
 * included, without matching statement lines to handles (no line names one); the
 * phone shows its handles in order, one at a time, so a handle used since it last
 * looked is the one on screen. If it was an earlier one after all (a till charging
 * a screenshot), moving on only spends one handle of twenty; staying on a charged
 * handle would get the next charge refused (409 payment_code_used).
 */
export function accountForUse(p: StoredPack, serviceLeft: number): StoredPack {
  const known = p.handlesLeft ?? p.handles.length;
  if (serviceLeft === known) return p;
  return { ...p, handlesLeft: serviceLeft, next: serviceLeft < known ? p.next + 1 : p.next };
}

/** The pack kept on this phone; one that expired, ran out of handles or is unreadable is dropped. */
export function loadPack(): StoredPack | null {
  try {
    const p: unknown = JSON.parse(localStorage.getItem(PAYMENT_PACK_KEY) ?? 'null');
    if (isPack(p) && packUsable(p)) return p;
  } catch {
    /* unreadable: dropped below */
  }
  forgetPack();
  return null;
}

export function savePack(p: StoredPack): void {
  localStorage.setItem(PAYMENT_PACK_KEY, JSON.stringify(p));
}

export function forgetPack(): void {
  localStorage.removeItem(PAYMENT_PACK_KEY);
}

/** The raw bytes of a base64url (or base64) string. */
export function bytesOfBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The 18-digit code of the pack's current handle for the moment `epochSeconds` (the service's own codec). */
export async function paymentCodeAt(p: StoredPack, epochSeconds: number): Promise<string> {
  return paymentCodeOf({ handle: p.handles[p.next], totp: await totpAt(bytesOfBase64Url(p.key), epochSeconds) });
}

/** The code in groups for reading: "28 1234 5678 90 123456". */
export function codeGroups(code: string): string[] {
  const cuts = [2, 6, 10, 12];
  return [0, ...cuts].map((from, i) => code.slice(from, cuts[i])).filter(Boolean);
}

/** A name for this phone in the list of packs, from what the browser tells, in the language shown. */
export function deviceName(): string {
  const ua = navigator.userAgent;
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return t('app:device.androidPhone');
  if (/Macintosh/.test(ua)) return t('app:device.macBrowser');
  if (/Windows/.test(ua)) return t('app:device.windowsBrowser');
  if (/Linux/.test(ua)) return t('app:device.linuxBrowser');
  return t('app:device.thisBrowser');
}
