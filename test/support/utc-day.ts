const DAY_MS = 86_400_000;

/** Waits past the next UTC midnight when it is closer than `marginMs`, so that a scripted day falls on one UTC date. */
export async function awayFromUtcMidnight(marginMs = 120_000): Promise<void> {
  const toMidnight = DAY_MS - (Date.now() % DAY_MS);
  if (toMidnight < marginMs) await new Promise((r) => setTimeout(r, toMidnight + 1000));
}
