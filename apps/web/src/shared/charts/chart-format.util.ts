import { currentLocale } from '../i18n';
import { formatMoney, minorDigits } from '../money';
import type { ChartCategory, ChartUnit } from './chart-series.model';

/**
 * A value's height on the chart. Amounts come as decimal strings and become
 * JS numbers here, and only here: a y-coordinate to draw is not money
 * arithmetic. A rounding in the 15th digit moves a bar by far less than a
 * pixel, and every figure a person reads (axis, read-out, table, summary) is
 * formatted from the exact string, never from this number.
 */
export function plotY(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A value in words for the reader: a count, or an amount from its exact decimal string. */
export function formatValue(v: number | string, unit: ChartUnit): string {
  if (unit.kind === 'money') return formatMoney(String(v), unit.currency);
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(plotY(v));
}

/** How many decimals a step of the axis has (0.05 → 2, 20 → 0). */
function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * The steps the y axis may take: 1, 2, 5 times a power of ten, never finer
 * than the currency's minor unit (a yen axis never says ¥0.50), nor than 1 for counts.
 */
export function yAxisSteps(unit: ChartUnit): number[] {
  const finest = unit.kind === 'money' ? -minorDigits(unit.currency) : 0;
  const steps: number[] = [];
  for (let e = finest; e <= 15; e++)
    for (const m of [1, 2, 5]) steps.push(Number((m * 10 ** e).toFixed(Math.max(0, -e))));
  return steps;
}

/**
 * The y axis's labels, in the reader's locale: money through formatMoney (the
 * tick, an axis position, written with as many decimals as its step needs).
 */
export function yAxisLabel(v: number, step: number, unit: ChartUnit): string {
  if (unit.kind === 'money') {
    const digits = Math.min(decimalsOf(step), minorDigits(unit.currency));
    return formatMoney(v.toFixed(digits), unit.currency);
  }
  return new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 0 }).format(v);
}

/** An hour of the wall clock (0–23): "14" / "2 PM" / "14 h" / "14时" under the axis, "14:00" / "2:00 PM" in full. */
export function hourCategory(hour: number): ChartCategory {
  const at = Date.UTC(2000, 0, 1, hour);
  const locale = currentLocale();
  return {
    short: new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone: 'UTC' }).format(at),
    full: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(at),
  };
}

/** A calendar day (yyyy-mm-dd): "26 Nov" / "26 nov." / "11月26日" under the axis, with its year and weekday in full. */
export function dayCategory(day: string): ChartCategory {
  const [y, m, d] = day.split('-').map(Number);
  const at = Date.UTC(y, m - 1, d);
  const locale = currentLocale();
  return {
    short: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at),
    full: new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    }).format(at),
  };
}

/** A currency as a category: its code, which is data. */
export function currencyCategory(code: string): ChartCategory {
  return { short: code, full: code, data: true };
}
