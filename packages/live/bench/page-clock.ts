import type { Page } from 'playwright-core';

/**
 * Which wall clock a page stamps with: `Date.now()` (the clock barcode senders draw) or
 * `performance.timeOrigin + performance.now()` (the capture SDK and the viewers). Chromium
 * fixes timeOrigin when a page opens and counts on from there monotonically, so after the
 * host's wall clock steps or slews, two pages (and the runtime's Date.now) disagree by up to
 * the step: a latency read across them is off by that much.
 */
export type PageClock = 'date-now' | 'time-origin';

export interface ClockOffset {
  /** How far the page's clock reads ahead of this process's Date.now(), in ms. */
  offsetMs: number;
  /** Round trip of the reading the offset comes from: its uncertainty is half of this. */
  rttMs: number;
}

/** The page's clock offset. */
export function pageClockOffset(page: Page, clock: PageClock): Promise<ClockOffset> {
  return clockOffset(() => page.evaluate((kind) => (kind === 'date-now' ? Date.now() : performance.timeOrigin + performance.now()), clock));
}

/**
 * The offset of a clock read through `read` (a page, a child process), from the shortest of
 * several round trips (NTP's idea, inside one machine). Node's `performance.timeOrigin` is
 * fixed at process start as well, so two Node processes stamping with timeOrigin + now
 * disagree after a clock step just as two pages do.
 */
export async function clockOffset(read: () => Promise<number>, samples = 7): Promise<ClockOffset> {
  let best: ClockOffset | undefined;
  for (let i = 0; i < samples; i++) {
    const before = Date.now();
    const remote = await read();
    const after = Date.now();
    const reading = { offsetMs: remote - (before + after) / 2, rttMs: after - before };
    if (!best || reading.rttMs < best.rttMs) best = reading;
  }
  return best!;
}

/** The mean of readings taken before and after a run: the clock may slew while it runs. */
export function meanOffset(readings: ClockOffset[]): number {
  return readings.reduce((sum, r) => sum + r.offsetMs, 0) / readings.length;
}
