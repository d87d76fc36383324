import type { ChartTone } from './chart-series.model';

/** The same colours as chart.css's custom properties, should the style sheet not be there yet. */
const FALLBACK: Record<ChartTone | 'axis' | 'grid', string> = {
  blue: '#0072b2',
  vermillion: '#c4530a',
  green: '#007a5a',
  purple: '#a3487d',
  red: '#a4161a',
  axis: '#4a5866',
  grid: '#e3e8ed',
};

/** A colour for the canvas, from chart.css (`--chart-<name>`): one palette for the key's swatches and the drawing. */
export function toneColor(name: ChartTone | 'axis' | 'grid'): string {
  const css = getComputedStyle(document.documentElement).getPropertyValue(`--chart-${name}`).trim();
  return css || FALLBACK[name];
}
