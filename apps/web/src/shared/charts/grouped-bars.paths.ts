import uPlot from 'uplot';

/** The widest a bar gets, in CSS pixels: a day with one currency is not one wall of colour. */
const MAX_BAR_PX = 40;
/** The share of a category's room its group of bars takes at most; the rest is the gap between groups. */
const GROUP_SHARE = 0.8;
/** The share of its slot a bar fills: a thin gap between the bars of a group. */
const BAR_SHARE = 0.85;

/** uPlot's BarsPathBuilderFacetUnit.ScaleValue: the facet's values are in x-scale units (a const enum, not importable). */
const SCALE_VALUE = 1 as uPlot.Series.BarsPathBuilderFacetUnit;

/**
 * The bars of series `slot` (0-based) of `slots`, side by side with the others
 * around each category (categories sit at x = 0, 1, 2, …, one unit apart):
 * uPlot's bar paths, each bar placed by its left edge (disp.x0) and width
 * (disp.size) in x-scale units, recomputed at each draw from the plot's width.
 */
export function groupedBars(slot: number, slots: number): uPlot.Series.PathBuilder {
  /** the slot's width in categories, at this plot's width */
  const slotWidth = (u: uPlot): number => {
    const unitPx = Math.abs(u.valToPos(1, 'x') - u.valToPos(0, 'x')) || 1;
    return Math.min(GROUP_SHARE, (MAX_BAR_PX * slots) / BAR_SHARE / unitPx) / slots;
  };
  const perCategory = (f: (u: uPlot, i: number) => number): uPlot.Series.BarsPathBuilderFacet => ({
    unit: SCALE_VALUE,
    values: (u) => (u.data[0] as number[]).map((_, i) => f(u, i)),
  });
  return uPlot.paths.bars!({
    align: 1,
    disp: {
      x0: perCategory((u, i) => {
        const w = slotWidth(u);
        return i - (w * slots) / 2 + slot * w + (w * (1 - BAR_SHARE)) / 2;
      }),
      size: perCategory((u) => slotWidth(u) * BAR_SHARE),
    },
  });
}
