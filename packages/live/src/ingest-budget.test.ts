import { describe, expect, it } from 'vitest';
import { LiveError } from './errors.ts';
import { IngestBudget } from './ingest-budget.ts';

const PIXELS_720P = 1280 * 720;

/** A budget on a clock the test moves by hand. */
function budgetAt(options: ConstructorParameters<typeof IngestBudget>[0]) {
  let now = 10_000;
  const budget = new IngestBudget(options, () => now);
  return { budget, advance: (ms: number) => (now += ms) };
}

/**
 * `seconds` of pictures at `fps` for each session, the clock moving with them. 25 fps keeps the
 * clock on whole milliseconds, so a window holds an exact number of pictures.
 */
function decode(budget: IngestBudget, advance: (ms: number) => void, sessions: string[], seconds: number, fps = 25, width = 1280, height = 720) {
  for (let i = 0; i < seconds * fps; i++) {
    advance(1000 / fps);
    for (const id of sessions) budget.recordPicture(id, width, height);
  }
}

function refusal(admit: () => void): LiveError {
  try {
    admit();
  } catch (error) {
    if (error instanceof LiveError) return error;
    throw error;
  }
  throw new Error('expected the offer to be refused');
}

describe('ingest budget', () => {
  it('measures decoded pixels per second over its window, summed over sessions', () => {
    const { budget, advance } = budgetAt({ windowMs: 2000 });
    budget.admit('a');
    budget.admit('b');
    decode(budget, advance, ['a'], 3);
    expect(budget.pixelRate()).toBe(PIXELS_720P * 25);
    decode(budget, advance, ['a', 'b'], 3, 25, 640, 360);
    expect(budget.pixelRate()).toBe(2 * 640 * 360 * 25);
    // A stream that stops no longer counts once its pictures have left the window.
    advance(2001);
    expect(budget.pixelRate()).toBe(0);
  });

  it('refuses a session beyond the count with SF616, 503 and a Retry-After, and admits again once one is released', () => {
    const { budget } = budgetAt({ maxSessions: 2, retryAfterSeconds: 7 });
    budget.admit('a');
    budget.admit('b');
    const refused = refusal(() => budget.admit('c'));
    expect(refused).toMatchObject({ code: 'SF616', status: 503, retryAfterSeconds: 7 });
    expect(refused.message).toMatch(/live ingest capacity \(2 of 2 video ingest sessions are in use\): try again later/);
    expect(budget.status()).toMatchObject({ sessions: 2, admitted: 2, refused: { sessions: 1, pixel_rate: 0 } });
    budget.release('b');
    budget.admit('c');
    expect(budget.status()).toMatchObject({ sessions: 2, admitted: 3 });
  });

  it('refuses while the measured rate is at or over the limit, and admits once it falls below', () => {
    const { budget, advance } = budgetAt({ maxPixelRate: 2 * PIXELS_720P * 25, windowMs: 1000 });
    budget.admit('a');
    budget.admit('b');
    // Below: one of the two streams sends.
    decode(budget, advance, ['a'], 2);
    budget.admit('c');
    // At the limit: both send (the third nothing yet).
    decode(budget, advance, ['a', 'b'], 2);
    expect(budget.pixelRate()).toBe(2 * PIXELS_720P * 25);
    expect(refusal(() => budget.admit('d')).message).toMatch(/decoded video is at 46\.1 Mpixel\/s of 46\.1 Mpixel\/s/);
    expect(budget.status().refused).toEqual({ sessions: 0, pixel_rate: 1 });
    // A released session's pictures leave the sum at once.
    budget.release('a');
    budget.admit('d');
  });

  it('ignores pictures of sessions it never admitted or already released', () => {
    const { budget, advance } = budgetAt({ maxPixelRate: 1 });
    budget.recordPicture('stranger', 1920, 1080);
    budget.admit('a');
    budget.release('a');
    advance(10);
    budget.recordPicture('a', 1920, 1080);
    expect(budget.status()).toMatchObject({ sessions: 0, pixelRate: 0 });
  });

  it('keeps its memory bounded over a long session', () => {
    const { budget, advance } = budgetAt({ windowMs: 1000 });
    budget.admit('a');
    decode(budget, advance, ['a'], 120);
    const window = (budget as unknown as { sessions: Map<string, { at: number[] }> }).sessions.get('a')!;
    expect(window.at.length).toBeLessThan(200);
    expect(budget.pixelRate()).toBe(PIXELS_720P * 25);
  });
});
