import type uPlot from 'uplot';
import { plotY, yAxisLabel, yAxisSteps } from './chart-format.util';
import type { ChartProps } from './chart-series.model';
import { toneColor } from './chart-tones.model';
import { isZeroValue } from './exact-sum.util';
import { groupedBars } from './grouped-bars.paths';

export type ChartKind = 'bars' | 'lines';

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif';
const DASH = { solid: [], dashed: [8, 5], dotted: [2, 4] } as const;

/** The categories' positions along x (0, 1, 2, …) and each series' heights. */
export function plotData(props: ChartProps): uPlot.AlignedData {
  return [props.categories.map((_, i) => i), ...props.series.map((s) => s.values.map(plotY))];
}

/** The width of the widest of `labels` in the axis's font, in CSS pixels. */
function widestLabel(u: uPlot, axisIdx: number, labels: string[]): number {
  // uPlot keeps an axis's font as [css font scaled to device pixels, size, scaled size] once made
  const font: unknown = u.axes[axisIdx]?.font;
  const scaled = Array.isArray(font) && typeof font[0] === 'string';
  u.ctx.font = scaled ? font[0] : FONT;
  const widest = labels.reduce((w, l) => Math.max(w, u.ctx.measureText(l).width), 0);
  return scaled ? widest / devicePixelRatio : widest;
}

/**
 * An axis as wide as its longest label (measured on the plot's own canvas),
 * so that "¥12,345.00" and "1 234,50 €" are never cut.
 */
function fitLabels(u: uPlot, values: string[], axisIdx: number, cycleNum: number): number {
  const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number };
  if (cycleNum > 1 && axis._size) return axis._size;
  const gap = (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 6;
  return Math.ceil(gap + widestLabel(u, axisIdx, (values ?? []).filter(Boolean)));
}

/**
 * The uPlot options of a chart (its size aside): categories along x, the
 * values on y from 0 (bars) or around 0 (lines); no zooming, no legend of
 * uPlot's (the figure has its own key and read-out); `onIndex` hears which
 * category the pointer is over.
 */
export function plotOptions(kind: ChartKind, props: ChartProps, onIndex: (i: number | null) => void): uPlot.Options {
  const n = props.categories.length;
  const axisColor = toneColor('axis');
  const gridColor = toneColor('grid');
  const slots = props.series.length;
  return {
    width: 0,
    height: 0,
    legend: { show: false },
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: { show: kind === 'lines' },
      y: false,
    },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(n, 1) - 0.5] },
      y: {
        range: (_u, min, max) => {
          if (kind === 'bars') return [0, max > 0 ? max * 1.1 : 1];
          const lo = Math.min(0, min);
          const hi = Math.max(0, max);
          const span = hi - lo || 1;
          return [lo < 0 ? lo - span * 0.05 : lo, hi + span * 0.1];
        },
      },
    },
    axes: [
      {
        stroke: axisColor,
        font: FONT,
        grid: { show: false },
        ticks: { stroke: gridColor, size: 4 },
        size: 30,
        // room for the widest label ("11月14日", "14 nov."), measured, so that labels never run into each other
        space: (u) =>
          Math.max(
            props.xSpace ?? 0,
            widestLabel(
              u,
              0,
              props.categories.map((c) => c.short),
            ) + 12,
          ),
        incrs: props.xSteps ?? [1, 2, 5, 10, 20, 50],
        values: (_u, splits) =>
          splits.map((v) => (Number.isInteger(v) && v >= 0 && v < n ? props.categories[v].short : '')),
      },
      {
        stroke: axisColor,
        font: FONT,
        grid: { stroke: gridColor, width: 1 },
        ticks: { show: false },
        space: 36,
        incrs: yAxisSteps(props.unit),
        size: fitLabels,
        values: (_u, splits, _axis, _space, step) => splits.map((v) => yAxisLabel(v, step, props.unit)),
      },
    ],
    series: [
      { label: props.categoryHeading },
      ...props.series.map((s, slot): uPlot.Series => {
        const color = toneColor(s.tone);
        if (kind === 'bars')
          return {
            label: s.label,
            fill: color,
            stroke: color,
            width: 0,
            points: { show: false },
            paths: groupedBars(slot, slots),
          };
        return {
          label: s.label,
          stroke: color,
          width: s.highlight ? 3 : 2,
          dash: [...DASH[s.dash ?? 'solid']],
          points: s.highlight
            ? {
                show: false,
                size: 9,
                fill: color,
                stroke: color,
                // a point where the value is not 0: the days to look at
                filter: (_u, si) => {
                  const idx = props.series[si - 1].values.flatMap((v, i) => (isZeroValue(v) ? [] : [i]));
                  return idx.length ? idx : null;
                },
              }
            : { show: false },
        };
      }),
    ],
    hooks: {
      setCursor: [(u) => onIndex(u.cursor.idx ?? null)],
    },
  };
}
