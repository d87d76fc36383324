import { useEffect } from 'preact/hooks';

/**
 * Short polling of an order (or a till's charge) while it waits: every 1.5 s `load`
 * reads it again and `onOrder` gets the answer, so the page follows it (e.g. turns
 * PAID) without a reload. A failed poll is ignored (the next one tries again);
 * polling stops once the status is no longer `pending` ('open' for an order,
 * 'awaiting_consumer' for a charge).
 */
export function useOrderPolling<O extends { id: string; status: string }>(
  order: O,
  load: (id: string) => Promise<O>,
  onOrder: (order: O) => void,
  pending = 'open',
): void {
  useEffect(() => {
    if (order.status !== pending) return;
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
