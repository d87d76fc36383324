import { useEffect } from 'preact/hooks';

/**
 * Short polling of an order while it is open: every 1.5 s `load` reads it again and
 * `onOrder` gets the answer, so the page follows it (e.g. turns PAID) without a reload.
 * A failed poll is ignored (the next one tries again); polling stops once the order is not open.
 */
export function useOrderPolling<O extends { id: string; status: string }>(
  order: O,
  load: (id: string) => Promise<O>,
  onOrder: (order: O) => void,
): void {
  useEffect(() => {
    if (order.status !== 'open') return;
    let live = true;
    const t = window.setInterval(async () => {
      try {
        const o = await load(order.id);
        if (live) onOrder(o);
      } catch {
        /* the next poll tries again */
      }
    }, 1500);
    return () => {
      live = false;
      window.clearInterval(t);
    };
  }, [order.id, order.status]);
}
