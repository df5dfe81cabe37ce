/** How often the coarse clock is read. */
const TICK_MS = 1000;

let now = Date.now();
let ticking = false;

/**
 * `Date.now()` to the second, for "when it last worked" stamps written on every source call: reading the clock
 * costs 50-100 ns on some virtual machines, a variable read costs nothing. The timer does not keep the process up.
 */
export function coarseNow(): number {
  if (!ticking) {
    ticking = true;
    now = Date.now();
    setInterval(() => (now = Date.now()), TICK_MS).unref();
  }
  return now;
}
