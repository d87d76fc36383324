import { type RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The plot's height for its width: low and wide on a desk, never squashed on a phone. */
export const plotHeight = (width: number): number => Math.round(Math.min(300, Math.max(200, width * 0.45)));

/**
 * A uPlot chart in the element the returned ref is put on, as wide as that
 * element and resized with it (ResizeObserver); made again whenever `key`
 * changes (other data, another language), destroyed with the component.
 * `make` is read when the plot is made, so it may close over the latest props.
 */
export function useUplot(
  make: () => { options: uPlot.Options; data: uPlot.AlignedData },
  key: string,
): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(make);
  latest.current = make;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const fit = () => {
      const width = Math.floor(el.clientWidth);
      if (width <= 0) return; // not laid out yet (a hidden tab): the observer comes back when it is
      const size = { width, height: plotHeight(width) };
      if (!plot) {
        const { options, data } = latest.current();
        plot = new uPlot({ ...options, ...size }, data, el);
      } else if (plot.width !== size.width || plot.height !== size.height) plot.setSize(size);
    };
    fit();
    const observer = new ResizeObserver(() => fit());
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot?.destroy();
    };
  }, [key]);
  return box;
}
